(module
  (func $f (result i32) i32.const 42)
  (table (export "tbl") 2 2 funcref)
  (global (export "g") (mut i32) (i32.const 7))
  (func (export "f") (result i32) i32.const 42)
  (func (export "call0") (result i32) (call_indirect (result i32) (i32.const 0))))
