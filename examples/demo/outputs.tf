output "grafana" {
  description = "What the service reports for the Grafana connection."
  value = {
    arn                     = devopsagent_private_connection.grafana.arn
    status                  = devopsagent_private_connection.grafana.status
    type                    = devopsagent_private_connection.grafana.type
    resource_gateway_id     = devopsagent_private_connection.grafana.resource_gateway_id
    certificate_expiry_time = devopsagent_private_connection.grafana.certificate_expiry_time
  }
}

output "gitlab" {
  description = "What the service reports for the GitLab connection."
  value = {
    arn                        = devopsagent_private_connection.gitlab.arn
    status                     = devopsagent_private_connection.gitlab.status
    type                       = devopsagent_private_connection.gitlab.type
    resource_configuration_arn = devopsagent_private_connection.gitlab.resource_configuration_arn
  }
}
