let greet name =
  let shout s = String.uppercase_ascii s in
  "hello " ^ name
