;; A resource type with a destructor, the three resource built-ins, and own/borrow handles.
(component
  (core module $impl
    (func (export "dtor") (param i32))
    (func (export "use") (param i32) (result i32) local.get 0)
  )
  (core instance $i (instantiate $impl))
  (alias core export $i "dtor" (core func $dtor))
  (type $r (resource (rep i32) (dtor (core func $dtor))))
  (type $plain (resource (rep i32)))
  (core func $new (canon resource.new $r))
  (core func $drop (canon resource.drop $r))
  (core func $rep (canon resource.rep $r))
  (export $er "r" (type $r))
  (type $own (own $er))
  (type $bor (borrow $er))
  (func $use (param "x" $bor) (result u32) (canon lift (core func $i "use")))
  (export "[method]r.use" (func $use))
)
