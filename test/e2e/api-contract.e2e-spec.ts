import {
  describeDocumentChanges,
  readCommittedContract,
  serializeDocument,
  type ContractFiles,
} from '../../scripts/api-contract';
import { loadOpenApi } from '../support/openapi';
import { RunningApp, startApi } from '../support/test-app';

/**
 * The contract the web client is typed with (libs/contracts, written by `npm run api:generate`)
 * is what the running api serves: a DTO or route changed without regenerating fails here, naming
 * the operations and schemas that differ.
 */
describe('api contract (libs/contracts against the running api)', () => {
  let api: RunningApp;
  let committed: ContractFiles;

  beforeAll(async () => {
    committed = readCommittedContract()!;
    expect(committed).not.toBeNull();
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('commits exactly the OpenAPI document /api/docs-json serves', async () => {
    const live = await loadOpenApi(api);
    // Run `npm run api:generate` and commit libs/contracts when this lists anything.
    expect(describeDocumentChanges(JSON.parse(committed.document), live)).toEqual([]);
    expect(serializeDocument(live)).toBe(committed.document);
  });
});
