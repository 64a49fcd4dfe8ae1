variable "name" {
  description = "Names the trail, its log group and IAM role."
  type        = string
}

variable "bucket_name" {
  description = "S3 bucket for the trail (globally unique)."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the trail log group."
  type        = number
}

variable "permissions_boundary" {
  description = "The environment's permissions boundary, for the trail's role."
  type        = string
}
