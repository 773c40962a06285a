(* A float kernel: a Mandelbrot set count and a numerical integration, both tight loops of
   boxed float arithmetic. *)

let rec escapes cr ci zr zi n =
  if n = 0 then false
  else
    let zr2 = zr *. zr and zi2 = zi *. zi in
    if zr2 +. zi2 > 4.0 then true else escapes cr ci (zr2 -. zi2 +. cr) ((2.0 *. zr *. zi) +. ci) (n - 1)

let mandelbrot size =
  let inside = ref 0 in
  for y = 0 to size - 1 do
    for x = 0 to size - 1 do
      let cr = (2.0 *. float_of_int x /. float_of_int size) -. 1.5 in
      let ci = (2.0 *. float_of_int y /. float_of_int size) -. 1.0 in
      if not (escapes cr ci 0.0 0.0 50) then incr inside
    done
  done;
  !inside

let integrate f a b steps =
  let h = (b -. a) /. float_of_int steps in
  let sum = ref 0.0 in
  for i = 0 to steps - 1 do
    let x = a +. ((float_of_int i +. 0.5) *. h) in
    sum := !sum +. f x
  done;
  !sum *. h

let () =
  Printf.printf "mandelbrot: %d points inside\n" (mandelbrot 1000);
  Printf.printf "integral of x^2 on [0,3]: %.6f\n" (integrate (fun x -> x *. x) 0.0 3.0 8000000);
  Printf.printf "integral of sqrt on [0,4]: %.6f\n" (integrate sqrt 0.0 4.0 8000000)
