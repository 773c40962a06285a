let connect ~host ~port = (host, port)
