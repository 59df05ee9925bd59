/*
 * targets.c - the target registry: a table of KccTarget structs, looked up by the part of a
 * target spec before ':' ("cpu:aarch64" -> cpu, arch "aarch64"), then configured by the target.
 */
#include "cpu/cpu.h"
#include "target.h"

#include <stdio.h>
#include <string.h>

static const KccTarget *const target_table[] = {&cpu_target, NULL};

const KccTarget *const *target_list(void) {
  return target_table;
}

bool target_resolve(const char *spec, int opt_level, KccTargetConfig *cfg, Diag *d) {
  memset(cfg, 0, sizeof *cfg);
  if (!spec || !*spec)
    spec = "cpu";
  size_t n = strcspn(spec, ":");
  const char *arch = spec[n] == ':' ? spec + n + 1 : "";
  for (int i = 0; target_table[i]; i++) {
    const KccTarget *t = target_table[i];
    if (strlen(t->name) == n && strncmp(t->name, spec, n) == 0) {
      cfg->target = t;
      cfg->opt_level = opt_level < 0 ? 0 : opt_level > 3 ? 3 : opt_level;
      return t->configure(cfg, arch, d);
    }
  }
  char known[256] = "";
  for (int i = 0; target_table[i]; i++)
    snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
             target_table[i]->name);
  diag_plain(d, "unknown target '%.*s' (known: %s)", (int)n, spec, known);
  return false;
}
