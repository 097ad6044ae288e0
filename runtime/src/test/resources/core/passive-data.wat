;; A passive data segment that one instance drops: another instance of the module still has it.
(module
  (memory (export "memory") 1)
  (data $hello "hello")
  (func (export "init") (memory.init $hello (i32.const 0) (i32.const 0) (i32.const 5)))
  (func (export "drop") (data.drop $hello)))
