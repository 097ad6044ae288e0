;; Imports and exports with interface names and versions, plain names and annotated names.
(component
  (import "wasi:io/error@0.2.12" (instance $err (export "error" (type (sub resource)))))
  (import "wasi:http/types@0.2.0" (instance $types))
  (import "wasi:cli/environment@0.2.3-rc.1+build.5" (instance))
  (import "plain-name" (func))
  (import "[constructor]thing" (func))
  (import "unlocked-dep=<a:b/c@{>=1.2.3 <1.3.0}>" (instance))
  (export "wasi:http/incoming-handler@0.2.10" (instance $types))
  (export "re-export" (instance $err))
)
