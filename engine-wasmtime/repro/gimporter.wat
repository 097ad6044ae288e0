(module
  (import "owner" "g" (global (mut i32)))
  (func (export "get") (result i32) global.get 0))
