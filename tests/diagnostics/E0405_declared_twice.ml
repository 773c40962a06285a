[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]
[@@@protocol {| echo = mu rec. !(s : string). ?(t : string) {t = s}. rec |}]
