# A private connection is imported by its name.
terraform import devopsagent_private_connection.grafana grafana
