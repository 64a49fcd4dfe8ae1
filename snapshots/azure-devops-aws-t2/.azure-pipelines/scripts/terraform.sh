#!/usr/bin/env bash
set -euo pipefail
zip="${AGENT_TEMPDIRECTORY:?}/terraform.zip"
curl -fsSLo "$zip" https://releases.hashicorp.com/terraform/1.14.8/terraform_1.14.8_linux_amd64.zip
echo "56a5d12f47cbc1c6bedb8f5426ae7d5df984d1929572c24b56f4c82e9f9bf709  $zip" | sha256sum -c -
sudo unzip -oq "$zip" terraform -d /usr/local/bin
