// The SMS peer-support bot on Azure: a Linux App Service running the zip-deployed `dotnet publish` output, Azure Table
// storage reached through a user-assigned managed identity (no account key anywhere), secrets in Key Vault read by
// Key Vault references, and Application Insights on a Log Analytics workspace.
//
//   az group create -n RG -l LOCATION
//   az deployment group create -g RG -f deploy/main.bicep -p deploy/main.bicepparam -p twilioAuthToken=... ...
//
// Compiled and linted offline in CI by deploy/build.sh.
metadata description = 'SMS peer-support bot: App Service (Linux, .NET 10), Table storage, Key Vault, Application Insights.'

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------------

@description('Short name the resource names start with: 2-7 lowercase letters or digits.')
@minLength(2)
@maxLength(7)
param namePrefix string = 'smspeer'

@description('Region of every resource. Defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Web app name: becomes <name>.azurewebsites.net, so it must be globally unique.')
@minLength(2)
@maxLength(40)
param appName string = '${namePrefix}-${uniqueString(resourceGroup().id)}'

@description('App Service plan SKU. Premium v3 keeps Always On and health-check instance replacement; B1 works for a trial.')
param appServiceSkuName string = 'P0v3'

@description('App Service instances. At least 2: the bot is built to run side by side (the scheduler holds a lease in table storage).')
@minValue(2)
@maxValue(30)
param instanceCount int = 2

@description('Storage redundancy. Standard_ZRS where the region has zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps logs and Application Insights telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Key Vault purge protection. Irreversible once on: a deleted vault (and its name) is held for the retention period.')
param keyVaultPurgeProtection bool = true

@description('Twilio account SID (ACxxxxxxxx...). Not a secret; the auth token is.')
param twilioAccountSid string

@description('Sending number in E.164 (+15551234567). Leave empty when twilioMessagingServiceSid is set.')
param twilioPhoneNumber string = ''

@description('Twilio Messaging Service SID (MGxxxxxxxx...), instead of a single sending number.')
param twilioMessagingServiceSid string = ''

@description('Outbound texts per second per sending number (Twilio:MessagesPerSecond).')
@minValue(1)
param twilioMessagesPerSecond int = 1

@description('The https root Twilio calls and signs (Twilio:PublicBaseUrl). Empty: https://<app default host name>. Set it when a custom domain fronts the app.')
param publicBaseUrl string = ''

@description('Further app settings (name: value), e.g. Escalation__CoordinatorPhone or Sms__ProgramName. Not for secrets.')
param extraAppSettings object = {}

@description('Twilio auth token: REST calls and webhook signatures. Stored in Key Vault.')
@secure()
@minLength(16)
param twilioAuthToken string

@description('Privacy:HashKey, base64 of 32 random bytes (openssl rand -base64 32). Keys every member row: never change it. Stored in Key Vault.')
@secure()
@minLength(44)
param privacyHashKey string

@description('Privacy:EncryptionKey, base64 of 32 random bytes (openssl rand -base64 32). Stored in Key Vault.')
@secure()
@minLength(44)
param privacyEncryptionKey string

@description('Admin:ApiKey, the bearer key for /admin/*. Stored in Key Vault.')
@secure()
@minLength(32)
param adminApiKey string

@description('Tags on every resource.')
param tags object = {
  app: 'sms-peer-support-bot'
}

// ---------------------------------------------------------------------------------------------------------------------
// Names and constants
// ---------------------------------------------------------------------------------------------------------------------

var suffix = uniqueString(resourceGroup().id)
var storageAccountName = take('st${namePrefix}${suffix}', 24)
var keyVaultName = take('kv-${namePrefix}-${suffix}', 24)

// The URL Twilio calls and signs, without a trailing slash.
var effectivePublicBaseUrl = empty(publicBaseUrl)
  ? 'https://${site.properties.defaultHostName}'
  : (endsWith(publicBaseUrl, '/') ? take(publicBaseUrl, length(publicBaseUrl) - 1) : publicBaseUrl)

// An app setting App Service resolves from Key Vault with the site's keyVaultReferenceIdentity.
func keyVaultReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

// Built-in roles (ids are the same in every tenant).
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// ---------------------------------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${appName}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------------------------------
// Storage: Azure Tables, Entra ID only
// ---------------------------------------------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app authenticates with its managed identity; no account key or SAS is ever used.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    accessTier: 'Hot'
  }
}

resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'The bot reads, writes and creates its tables.'
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Key Vault: the secrets, read by Key Vault references with the same identity
// ---------------------------------------------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    enabledForDeployment: false
    enabledForTemplateDeployment: false
    enabledForDiskEncryption: false
    publicNetworkAccess: 'Enabled'
  }
}

resource twilioAuthTokenSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'twilio-auth-token'
  properties: {
    value: twilioAuthToken
  }
}

resource privacyHashKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'privacy-hash-key'
  properties: {
    value: privacyHashKey
  }
}

resource privacyEncryptionKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'privacy-encryption-key'
  properties: {
    value: privacyEncryptionKey
  }
}

resource adminApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'admin-api-key'
  properties: {
    value: adminApiKey
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'App Service resolves the app\'s Key Vault references with this identity.'
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: 'log-${appName}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: logRetentionDays
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// App Service
// ---------------------------------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'asp-${appName}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSkuName
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // any instance serves any request
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet BotService.dll'
      alwaysOn: true // the check-in scheduler and the outbox run in the background
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

// After the site, so the default host name is known; after the role assignments, so the Key Vault references resolve
// and the identity can reach the tables when the app first starts.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(
    {
      // `az webapp deploy --type zip` stores the package; the app runs from it read-only (it writes nothing beside itself).
      WEBSITE_RUN_FROM_PACKAGE: '1'
      ASPNETCORE_ENVIRONMENT: 'Production'
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      // DefaultAzureCredential picks the user-assigned identity by its client id.
      AZURE_CLIENT_ID: identity.properties.clientId
      Storage__Provider: 'AzureTables'
      Storage__AzureTables__Endpoint: storage.properties.primaryEndpoints.table
      Twilio__AccountSid: twilioAccountSid
      Twilio__PhoneNumber: twilioPhoneNumber
      Twilio__MessagingServiceSid: twilioMessagingServiceSid
      Twilio__MessagesPerSecond: string(twilioMessagesPerSecond)
      Twilio__PublicBaseUrl: effectivePublicBaseUrl
    },
    extraAppSettings,
    {
      // Versionless SecretUri: a new secret version is picked up on App Service's next refresh (within a day) or restart.
      Twilio__AuthToken: keyVaultReference(twilioAuthTokenSecret.properties.secretUri)
      Privacy__HashKey: keyVaultReference(privacyHashKeySecret.properties.secretUri)
      Privacy__EncryptionKey: keyVaultReference(privacyEncryptionKeySecret.properties.secretUri)
      Admin__ApiKey: keyVaultReference(adminApiKeySecret.properties.secretUri)
    }
  )
  dependsOn: [
    storageTableDataContributor
    keyVaultSecretsUser
  ]
}

// App Service's console and HTTP logs into the same workspace as Application Insights.
resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------------------------------

@description('Web app name, for `az webapp deploy -n`.')
output appName string = site.name

@description('The app\'s root URL.')
output appUrl string = 'https://${site.properties.defaultHostName}'

@description('Twilio Messaging webhook, "A message comes in" (HTTP POST).')
output twilioWebhookUrl string = '${effectivePublicBaseUrl}/sms/inbound'

@description('Twilio status callback root the bot asks for on every message.')
output twilioStatusCallbackUrl string = '${effectivePublicBaseUrl}/sms/status'

@description('Table endpoint the app uses (Storage__AzureTables__Endpoint).')
output storageTableEndpoint string = storage.properties.primaryEndpoints.table

@description('Key Vault holding the secrets.')
output keyVaultName string = vault.name

@description('Client id of the app\'s user-assigned identity (AZURE_CLIENT_ID).')
output identityClientId string = identity.properties.clientId
