// Example values for deploy/main.bicep: nothing secret here. The four secrets are given on the command line, where they
// override this file and are stored only in Key Vault:
//   az deployment group create -g RG -f deploy/main.bicep -p deploy/main.bicepparam \
//     -p twilioAuthToken=... privacyHashKey=... privacyEncryptionKey=... adminApiKey=...
using 'main.bicep'

param namePrefix = 'smspeer'
param instanceCount = 2
param appServiceSkuName = 'P0v3'
param storageSku = 'Standard_ZRS'

param twilioAccountSid = 'AC00000000000000000000000000000000'
param twilioPhoneNumber = '+15551234567'
param twilioMessagesPerSecond = 1

param extraAppSettings = {
  Sms__ProgramName: 'Support Line'
  Escalation__CoordinatorPhone: '+15557654321'
  Escalation__TimeZone: 'America/Chicago'
}

// twilioAuthToken, privacyHashKey, privacyEncryptionKey and adminApiKey are @secure() and deliberately not assigned here:
// give them with -p on the command line (see the top of this file).
