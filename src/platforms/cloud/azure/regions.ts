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

/**
 * Regions without availability zones (learn.microsoft.com/azure/reliability/availability-zones-region-support):
 * zonal node pools, zone-redundant registries, storage and database standbys fail there on apply.
 */
const NO_ZONES = new Set([
  'westus', 'northcentralus', 'westcentralus', 'canadaeast', 'ukwest', 'francesouth', 'germanynorth',
  'switzerlandwest', 'norwaywest', 'japanwest', 'koreasouth', 'australiasoutheast', 'southindia', 'westindia', 'brazilsoutheast',
]);

export const hasZones = (region: string): boolean => !NO_ZONES.has(region);

export const AZURE_REGIONS = {
  pattern: /^[a-z]+[a-z0-9]*[0-9]?$/,
  example: 'eastus2',
  default: 'eastus2',
  pair: (region: string): string => PAIRS[region] ?? (region === 'eastus2' ? 'centralus' : 'eastus2'),
};
