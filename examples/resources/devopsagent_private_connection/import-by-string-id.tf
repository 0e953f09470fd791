import {
  to = devopsagent_private_connection.grafana
  id = "grafana"
}
