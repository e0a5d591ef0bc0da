// VectorVue Telemetry on Azure Container Apps: the subscription-level entry point azd provisions (`azd provision`,
// `azd up`). Ejected from `azd infra gen` for the AppHost and owned by the project since: the manifest names
// PostgreSQL and Redis only as connection strings, and these templates create the managed services behind them
// (docs/deploy.md explains every choice). Secrets are secure parameters or Key Vault secrets, never values in a file.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment that can be used as part of naming resource convention, the name of the resource group for your application will use this name, prefixed with rg-')
param environmentName string

@minLength(1)
@description('The location used for all deployed resources')
param location string

@description('Id of the user or app running azd: may read the Key Vault secrets (to mint a first token)')
param principalId string = ''

@secure()
@minLength(32)
@description('HS256 key the portal signs its tokens with (the AppHost parameter jwt-signing-key), at least 32 bytes; never the development key')
param jwt_signing_key string

@minLength(1)
@description('The iss the portal puts in its tokens (the AppHost parameter jwt-issuer): the API refuses tokens of any other issuer')
param jwt_issuer string

@minLength(1)
@description('The aud the portal puts in its tokens for this API (the AppHost parameter jwt-audience): the API refuses tokens without it')
param jwt_audience string

@metadata({azd: {
  type: 'generate'
  config: {length: 32, noSpecial: true, minLower: 2, minUpper: 2, minNumeric: 2}
  }
})
@secure()
@description('Administrator password of the PostgreSQL flexible server; azd generates it once and keeps it in the environment')
param postgres_admin_password string

@metadata({azd: {
  type: 'generate'
  config: {length: 32, noSpecial: true, minLower: 2, minUpper: 2, minNumeric: 2}
  }
})
@secure()
@description('Password of the telemetry API\'s own PostgreSQL role; azd generates it once, the migrator sets it at every deployment')
param postgres_api_password string

@metadata({azd: {
  type: 'generate'
  config: {length: 32, noSpecial: true, minLower: 2, minUpper: 2, minNumeric: 2}
  }
})
@secure()
@description('Password of the worker\'s own PostgreSQL role; azd generates it once, the migrator sets it at every deployment')
param postgres_worker_password string

var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  scope: rg
  name: 'resources'
  params: {
    location: location
    tags: tags
    principalId: principalId
    jwtSigningKey: jwt_signing_key
    postgresAdminPassword: postgres_admin_password
    postgresApiPassword: postgres_api_password
    postgresWorkerPassword: postgres_worker_password
  }
}

// Outputs become the azd environment (.azure/<env>/.env): the container-app templates read them as {{ .Env.NAME }}.
output MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.MANAGED_IDENTITY_CLIENT_ID
output MANAGED_IDENTITY_NAME string = resources.outputs.MANAGED_IDENTITY_NAME
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = resources.outputs.AZURE_LOG_ANALYTICS_WORKSPACE_NAME
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
output AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = resources.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
output AZURE_CONTAINER_REGISTRY_NAME string = resources.outputs.AZURE_CONTAINER_REGISTRY_NAME
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_NAME
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
output AZURE_KEY_VAULT_NAME string = resources.outputs.AZURE_KEY_VAULT_NAME
output AZURE_KEY_VAULT_ENDPOINT string = resources.outputs.AZURE_KEY_VAULT_ENDPOINT
output APPLICATIONINSIGHTS_NAME string = resources.outputs.APPLICATIONINSIGHTS_NAME
output POSTGRES_SERVER_NAME string = resources.outputs.POSTGRES_SERVER_NAME
output POSTGRES_FQDN string = resources.outputs.POSTGRES_FQDN
output REDIS_NAME string = resources.outputs.REDIS_NAME
output REDIS_ADDRESS string = resources.outputs.REDIS_ADDRESS
output JWT_ISSUER string = jwt_issuer
output JWT_AUDIENCE string = jwt_audience
