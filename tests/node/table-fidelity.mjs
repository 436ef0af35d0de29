// Wire-fidelity peer for AzureTablesWireFidelityTests: Microsoft's own JS client reads what our .NET client wrote,
// and writes what our client must read back.
//   node table-fidelity.mjs read  <connectionString> <table> <partitionKey> <rowKey>
//   node table-fidelity.mjs write <connectionString> <table> <partitionKey> <rowKey> <columnsJson>
//   node table-fidelity.mjs dump  <connectionString>     (every table, every entity: what an operator with the account key sees)
//   node table-fidelity.mjs clear <connectionString>     (deletes every table: tests that use the app's real table names start clean)
// columnsJson: {"Name": {"type": "String|Int32|Int64|Double|Boolean|DateTime|Guid|Binary", "value": "<text>"}}
// read prints the same shape, every value as text, so the test compares types and values exactly.
import { TableClient, TableServiceClient } from "@azure/data-tables";

const [mode, connectionString, table, partitionKey, rowKey, columnsJson] = process.argv.slice(2);
const client = mode === "dump" || mode === "clear" ? null : TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
const system = new Set(["partitionKey", "rowKey", "etag", "timestamp", "odata.metadata", "odata.etag"]);

if (mode === "read") {
  const entity = await client.getEntity(partitionKey, rowKey, { disableTypeConversion: true });
  const out = {};
  for (const [name, typed] of Object.entries(entity)) {
    if (system.has(name)) continue;
    out[name] = { type: typed.type, value: String(typed.value) };
  }
  process.stdout.write(JSON.stringify(out));
} else if (mode === "write") {
  const entity = { partitionKey, rowKey };
  for (const [name, { type, value }] of Object.entries(JSON.parse(columnsJson))) {
    switch (type) {
      case "String": entity[name] = value; break;
      case "Boolean": entity[name] = value === "true"; break;
      case "Int32": entity[name] = Number.parseInt(value, 10); break;
      case "Binary": entity[name] = new Uint8Array(Buffer.from(value, "base64")); break;
      default: entity[name] = { type, value }; break;
    }
  }
  await client.createTable();
  await client.createEntity(entity);
  process.stdout.write("ok");
} else if (mode === "dump") {
  const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
  const dump = {};
  for await (const t of service.listTables()) {
    const tableClient = TableClient.fromConnectionString(connectionString, t.name, { allowInsecureConnection: true });
    dump[t.name] = [];
    for await (const entity of tableClient.listEntities()) dump[t.name].push(entity);
  }
  process.stdout.write(JSON.stringify(dump));
} else if (mode === "clear") {
  const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
  const names = [];
  for await (const t of service.listTables()) names.push(t.name);
  for (const name of names) await service.deleteTable(name);
  process.stdout.write(String(names.length));
} else {
  process.stderr.write(`unknown mode '${mode}'\n`);
  process.exit(2);
}
