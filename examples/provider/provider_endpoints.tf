# Custom endpoints, such as a local emulator of the API. Requests go to
# exactly these hosts.
provider "devopsagent" {
  alias  = "local"
  region = "us-east-1"

  endpoints = {
    devopsagent = "http://127.0.0.1:4599"
    sts         = "http://127.0.0.1:4599"
  }
}
