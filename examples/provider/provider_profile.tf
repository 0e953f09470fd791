# A named profile from the shared config files, for example one that uses
# IAM Identity Center (SSO) or assumes a role.
provider "devopsagent" {
  alias   = "sandbox"
  region  = "eu-west-1"
  profile = "sandbox"
}
