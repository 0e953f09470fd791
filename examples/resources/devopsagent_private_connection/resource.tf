# Service-managed: the service builds a VPC Lattice resource gateway in your
# VPC and subnets to reach a self-hosted Grafana.
resource "devopsagent_private_connection" "grafana" {
  name = "grafana"

  mode = {
    service_managed = {
      host_address       = "grafana.internal.example.com"
      vpc_id             = "vpc-0a1b2c3d4e5f60718"
      subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-1a2b3c4d5e6f70829"]
      security_group_ids = ["sg-0a1b2c3d4e5f60718"]
      ip_address_type    = "IPV4"
      port_ranges        = ["443"]
    }
  }

  # Grafana's TLS certificate was issued by a private certificate authority.
  certificate = file("${path.module}/internal-ca.pem")

  tags = {
    team = "observability"
  }
}

# Self-managed: the service uses a VPC Lattice resource configuration that
# you manage, here in front of a GitLab instance.
resource "devopsagent_private_connection" "gitlab" {
  name = "gitlab"

  mode = {
    self_managed = {
      resource_configuration_id = "rcfg-0a1b2c3d4e5f60718"
    }
  }

  timeouts = {
    create = "45m"
  }
}
