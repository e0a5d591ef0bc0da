// Azure Database for PostgreSQL flexible server: the database every service uses (ConnectionStrings:vectorvue).
// Not a PostgreSQL container: Container Apps volumes are Azure Files (SMB), where initdb cannot set the data
// directory's permissions, and a database needs backups and a durable disk the platform manages.
// Three connection strings: the administrator's, for the migrator alone (the init containers), which owns the schema
// and creates the two service roles from their own connection strings; the API's and the worker's, naming those
// roles (docs/deploy.md, "Least privilege").

@description('The location used for all deployed resources')
param location string

@description('Tags that will be applied to all resources')
param tags object

@description('Name of the flexible server')
param serverName string

@description('Administrator login: the migrator connects with it and owns the schema')
param administratorLogin string = 'vectorvue_admin'

@secure()
@description('Administrator password (a secure parameter of main.bicep)')
param administratorPassword string

@description('The telemetry API\'s own role, created by the migrator')
param apiRole string = 'vectorvue_api'

@secure()
@description('Password of the API\'s role (a secure parameter of main.bicep)')
param apiPassword string

@description('The worker\'s own role, created by the migrator')
param workerRole string = 'vectorvue_worker'

@secure()
@description('Password of the worker\'s role (a secure parameter of main.bicep)')
param workerPassword string

@description('Key Vault that receives the connection string secret')
param keyVaultName string

@description('Compute tier and size; Burstable B1ms is the cheapest that runs the pipeline')
param skuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param skuTier string = 'Burstable'

@description('Storage in GiB (grows automatically)')
param storageSizeGB int = 32

var databaseName = 'vectorvue'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: serverName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }

  // Container Apps on the Consumption profile without a virtual network reach the server from Azure addresses:
  // the 0.0.0.0 rule admits Azure services only (docs/deploy.md, "Network").
  resource allowAzureServices 'firewallRules' = {
    name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
    properties: {
      startIpAddress: '0.0.0.0'
      endIpAddress: '0.0.0.0'
    }
  }

  resource database 'databases' = {
    name: databaseName
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

var endpoint = 'Host=${server.properties.fullyQualifiedDomainName};Port=5432;Database=${databaseName};SSL Mode=Require'

// The migrator's ConnectionStrings:vectorvue (the schema's owner); TLS is required by the server.
resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'connectionstrings--vectorvue'
  properties: {
    value: '${endpoint};Username=${administratorLogin};Password=${administratorPassword}'
  }
}

// The API's ConnectionStrings:vectorvue, and the migrator's ConnectionStrings:vectorvue-api (the role to create).
resource apiConnectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'connectionstrings--vectorvue-api'
  properties: {
    value: '${endpoint};Username=${apiRole};Password=${apiPassword};Application Name=telemetry-api'
  }
}

// The worker's ConnectionStrings:vectorvue, and the migrator's ConnectionStrings:vectorvue-worker.
resource workerConnectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'connectionstrings--vectorvue-worker'
  properties: {
    value: '${endpoint};Username=${workerRole};Password=${workerPassword};Application Name=worker'
  }
}

output serverName string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
