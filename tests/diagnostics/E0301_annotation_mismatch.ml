let port : int = "8080"
