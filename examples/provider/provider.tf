terraform {
  required_providers {
    devopsagent = {
      source = "opsconnect/devopsagent"
    }
  }
}

# Credentials and the region come from the AWS SDK's usual chain: environment
# variables, the shared config and credentials files, SSO, web identity, and
# container or instance roles.
provider "devopsagent" {
  region = "us-east-1"
}
