provider "google" {
  project = var.project
  region  = var.region
  default_labels = {
    project     = "shop-api"
    environment = var.environment
    managed-by  = "create-devops-stack"
  }
}
