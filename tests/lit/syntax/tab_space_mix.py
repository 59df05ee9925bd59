# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}tab_space_mix.py:6:2: error: inconsistent use of tabs and spaces in indentation
# Indentation that compares differently with tabs of 8 and of 1 column is an error.
if True:
        x = 1
	y = 2
