# Two private connections, one of each kind. `make demo` applies this
# configuration against the repository's DevOps Agent API emulator and
# destroys it again; with the endpoint and key variables left unset it talks
# to real AWS with your usual credentials.

terraform {
  required_providers {
    devopsagent = {
      source = "opsconnect/devopsagent"
    }
  }
}

provider "devopsagent" {
  region     = var.region
  access_key = var.access_key
  secret_key = var.secret_key

  endpoints = {
    devopsagent = var.endpoint
    sts         = var.endpoint
  }
}

# The service builds a VPC Lattice resource gateway in these subnets to reach
# a self-hosted Grafana, and trusts the private CA that signed its TLS
# certificate.
resource "devopsagent_private_connection" "grafana" {
  name = "grafana"

  mode = {
    service_managed = {
      host_address       = "grafana.internal.example.com"
      vpc_id             = var.vpc_id
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
      ip_address_type    = "IPV4"
      port_ranges        = ["443"]
    }
  }

  certificate = file("${path.module}/internal-ca.pem")

  tags = {
    team = "observability"
  }
}

# GitLab is reached through a VPC Lattice resource configuration that the
# network team already manages.
resource "devopsagent_private_connection" "gitlab" {
  name = "gitlab"

  mode = {
    self_managed = {
      resource_configuration_id = var.resource_configuration_id
    }
  }

  tags = {
    team = "developer-platform"
  }
}
