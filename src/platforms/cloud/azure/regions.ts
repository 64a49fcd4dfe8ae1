/** Azure region names (eastus2, westeurope), and the pairs a T3 second region defaults to (Azure's own region pairs). */

const PAIRS: Record<string, string> = {
  eastus: 'westus', westus: 'eastus', eastus2: 'centralus', centralus: 'eastus2',
  northcentralus: 'southcentralus', southcentralus: 'northcentralus', westus2: 'westcentralus', westcentralus: 'westus2',
  westus3: 'eastus', canadacentral: 'canadaeast', canadaeast: 'canadacentral',
  northeurope: 'westeurope', westeurope: 'northeurope', uksouth: 'ukwest', ukwest: 'uksouth',
  francecentral: 'francesouth', germanywestcentral: 'germanynorth', swedencentral: 'swedensouth',
  switzerlandnorth: 'switzerlandwest', norwayeast: 'norwaywest',
  eastasia: 'southeastasia', southeastasia: 'eastasia', japaneast: 'japanwest', japanwest: 'japaneast',
  koreacentral: 'koreasouth', australiaeast: 'australiasoutheast', australiasoutheast: 'australiaeast',
  centralindia: 'southindia', brazilsouth: 'southcentralus',
};

export const AZURE_REGIONS = {
  pattern: /^[a-z]+[a-z0-9]*[0-9]?$/,
  example: 'eastus2',
  default: 'eastus2',
  pair: (region: string): string => PAIRS[region] ?? (region === 'eastus2' ? 'centralus' : 'eastus2'),
};
