[@@@protocol {| echo = mu rec. !(s : string). ?(n : int). rec |]
let () = ()
