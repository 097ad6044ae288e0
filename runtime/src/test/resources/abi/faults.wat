;; Guest state and the ways a call can fail:
;;   bump: a counter in a global (per instance)
;;   wasmlet:abi/faults@1.0.0 (an exported interface): fail traps (unreachable), div traps on a
;;     zero divisor, oob reads outside memory
;;   post-trap: its post-return traps; big: its realloc traps for blocks over 1000 bytes
;;   call-explode: calls the host's explode, which throws
;;   bad-alloc: its realloc calls an import, which the canonical ABI forbids while lowering
(component
  (import "wasmlet:abi/faults-host@1.0.0" (instance $host
    (export "explode" (func (param "msg" string)))
  ))
  (core module $Libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; A bump allocator that refuses (traps on) blocks over 1000 bytes.
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (if (i32.gt_u (local.get $size) (i32.const 1000)) (then unreachable))
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $p) (local.get $size)))
      (local.get $p))
    (func (export "reset") (param i32) (global.set $next (i32.const 1024)))
    (func (export "trap") (param i32) unreachable))
  (core instance $libc (instantiate $Libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $explode (canon lower (func $host "explode") (memory $mem)))
  (core module $Main
    (import "host" "explode" (func $explode (param i32 i32)))
    (import "libc" "mem" (memory 1))
    (global $count (mut i32) (i32.const 0))
    (func (export "bump") (result i32)
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (global.get $count))
    (func (export "fail") unreachable)
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "oob") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "len") (param i32 i32) (result i32) (local.get 1))
    (func (export "call-explode") (param i32 i32) (call $explode (local.get 0) (local.get 1))))
  ;; A realloc that calls an import: lowering an argument with it traps (may_leave is false).
  (core module $BadAlloc
    (import "host" "explode" (func $explode (param i32 i32)))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (call $explode (i32.const 0) (i32.const 0))
      (i32.const 2048)))
  (core instance $bad-alloc (instantiate $BadAlloc (with "host" (instance (export "explode" (func $explode))))))
  (core instance $main (instantiate $Main (with "libc" (instance $libc)) (with "host" (instance (export "explode" (func $explode))))))
  (func (export "bump") (result u32) (canon lift (core func $main "bump")))
  (func $fail (canon lift (core func $main "fail")))
  (func $div (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $main "div")))
  (func $oob (param "at" u32) (result u32) (canon lift (core func $main "oob")))
  (instance $faults (export "fail" (func $fail)) (export "div" (func $div)) (export "oob" (func $oob)))
  (export "wasmlet:abi/faults@1.0.0" (instance $faults))
  (func (export "post-trap") (result u32) (canon lift (core func $main "bump") (post-return (core func $libc "trap"))))
  (func (export "big") (param "s" string) (result u32)
    (canon lift (core func $main "len") (memory $mem) (realloc $realloc)))
  (func (export "bad-alloc") (param "s" string) (result u32)
    (canon lift (core func $main "len") (memory $mem) (realloc (core func $bad-alloc "realloc"))))
  (func (export "call-explode") (param "msg" string)
    (canon lift (core func $main "call-explode") (memory $mem) (realloc $realloc)))
)
