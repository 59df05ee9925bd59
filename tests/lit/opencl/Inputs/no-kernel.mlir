module {
  func.func @helper() {
    return
  }
}
