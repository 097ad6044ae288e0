;; greet.wat with a resource type of its own defined before its import: the import is then
;; resolved again for every instance instead of being taken from the InstancePre's cache.
(component
  (type $own (resource (rep i32)))
  (import "wasmlet:test/host@0.1.0" (instance $host
    (export "log" (func (param "msg" string)))
    (export "prefix" (func (result string)))
  ))
  (core module $Libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; A bump allocator: never frees (post-return resets it), copies on realloc.
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $next
      local.get $align i32.const 1 i32.sub i32.add
      local.get $align i32.const 1 i32.sub i32.const -1 i32.xor i32.and
      local.tee $p
      local.get $size i32.add
      global.set $next
      (if (local.get $old)
        (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
      local.get $p)
    (func (export "reset") i32.const 1024 global.set $next))
  (core instance $libc (instantiate $Libc))
  (core func $log (canon lower (func $host "log") (memory (core memory $libc "mem"))))
  (core func $prefix (canon lower (func $host "prefix") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core module $Main
    (import "libc" "mem" (memory 1))
    (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "libc" "reset" (func $reset))
    (import "host" "log" (func $log (param i32 i32)))
    (import "host" "prefix" (func $prefix (param i32)))
    ;; greet(name) = prefix() ++ name, logging name first. Returns a pointer to (ptr, len).
    (func (export "greet") (param $ptr i32) (param $len i32) (result i32)
      (local $pre i32) (local $prelen i32) (local $out i32) (local $ret i32)
      local.get $ptr local.get $len call $log
      i32.const 16 call $prefix
      i32.const 16 i32.load local.set $pre
      i32.const 20 i32.load local.set $prelen
      i32.const 0 i32.const 0 i32.const 1 local.get $prelen local.get $len i32.add call $realloc local.set $out
      local.get $out local.get $pre local.get $prelen memory.copy
      local.get $out local.get $prelen i32.add local.get $ptr local.get $len memory.copy
      i32.const 0 i32.const 0 i32.const 4 i32.const 8 call $realloc local.set $ret
      local.get $ret local.get $out i32.store
      local.get $ret local.get $prelen local.get $len i32.add i32.store offset=4
      local.get $ret)
    (func (export "greet-post") (param i32) call $reset)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "fail") unreachable))
  (core instance $main (instantiate $Main
    (with "libc" (instance $libc))
    (with "host" (instance (export "log" (func $log)) (export "prefix" (func $prefix))))))
  (func $greet (param "name" string) (result string)
    (canon lift (core func $main "greet") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))
      (post-return (core func $main "greet-post"))))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $main "add")))
  (func $fail (canon lift (core func $main "fail")))
  (export "greet" (func $greet))
  (export "add" (func $add))
  (export "fail" (func $fail))
)
