(module
  (import "owner" "tbl" (table 2 2 funcref))
  (import "owner" "f" (func $f (result i32)))
  (elem (i32.const 0) func $f))
