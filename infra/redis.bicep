// Azure Managed Redis (Redis Enterprise, Redis 7.4): the events stream and the rate-limit windows
// (ConnectionStrings:redis). AOF persistence every second and no eviction, as the pipeline's 202 promise needs
// (docs/deploy.md, "Why Azure Managed Redis"); the worker refuses a Redis that may evict.

@description('The location used for all deployed resources')
param location string

@description('Tags that will be applied to all resources')
param tags object

@description('Name of the Azure Managed Redis instance')
param name string

@description('Key Vault that receives the connection string and password secrets')
param keyVaultName string

@description('Size; Balanced B0 is the smallest with persistence')
param skuName string = 'Balanced_B0'

var port = 10000

resource cluster 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: 'Enabled'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: port
    // One endpoint behind the Redis Enterprise proxy: clients need no cluster support. The rate-limit script's
    // two keys share a hash tag, so it also runs when the data is sharded.
    clusteringPolicy: 'EnterpriseCluster'
    // An evicted stream entry would be an event lost after its 202.
    evictionPolicy: 'NoEviction'
    persistence: {
      aofEnabled: true
      aofFrequency: '1s'
      rdbEnabled: false
    }
    accessKeysAuthentication: 'Enabled'
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

var address = '${cluster.properties.hostName}:${port}'

// The services' ConnectionStrings:redis (StackExchange.Redis syntax).
resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'connectionstrings--redis'
  properties: {
    value: '${address},password=${database.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

// The password alone, for the worker's KEDA redis-streams scale rule.
resource password 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'redis-password'
  properties: {
    value: database.listKeys().primaryKey
  }
}

output name string = cluster.name
output address string = address
