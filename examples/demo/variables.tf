variable "region" {
  description = "AWS region of the private connections."
  type        = string
  default     = "us-east-1"
}

variable "endpoint" {
  description = "Endpoint URL of the DevOps Agent API and STS, such as the emulator's. Null means AWS's own endpoints."
  type        = string
  default     = null
}

variable "access_key" {
  description = "Access key id. Null means the AWS SDK's usual credential chain."
  type        = string
  default     = null
}

variable "secret_key" {
  description = "Secret access key that goes with access_key."
  type        = string
  default     = null
  sensitive   = true
}

variable "vpc_id" {
  description = "VPC of the Grafana resource gateway."
  type        = string
  default     = "vpc-0a1b2c3d4e5f60718"
}

variable "subnet_ids" {
  description = "Subnets of the Grafana resource gateway."
  type        = set(string)
  default     = ["subnet-0a1b2c3d4e5f60718", "subnet-1a2b3c4d5e6f70829"]
}

variable "security_group_ids" {
  description = "Security groups of the Grafana resource gateway."
  type        = set(string)
  default     = ["sg-0a1b2c3d4e5f60718"]
}

variable "resource_configuration_id" {
  description = "VPC Lattice resource configuration in front of GitLab."
  type        = string
  default     = "rcfg-0a1b2c3d4e5f60718"
}
