// keys rotate against a loopback IAM stand-in that misbehaves as IAM can: refusing a third key with
// its own error code, and making a key but losing the answer that carried its secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expectOneLineError, useLoopbackSts } from '../support/cli-env';
import { listenLoopback, type LoopbackHttp } from '../support/loopback-http';

const FILE = ['--backend', 'file', '--passphrase-env', 'KEYS_PASS'];
const OLD = { id: 'AKIAUSER100000000001', secret: 'user1-secret-00000000000000000' };
const ORPHAN = 'AKIAORPHAN0000000003';

const sts = useLoopbackSts();
const { cli } = sts;

/** IAM's Query API as far as rotate uses it; `create` decides what a CreateAccessKey does. */
function iamStandIn(create: (res: ServerResponse, made: string[]) => void) {
  const made: string[] = [];
  const actions: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      actions.push(action);
      if (action === 'CreateAccessKey') return create(res, made);
      if (action === 'ListAccessKeys') {
        const member = (id: string, date: string) =>
          `<member><UserName>u</UserName><AccessKeyId>${id}</AccessKeyId><Status>Active</Status><CreateDate>${date}</CreateDate></member>`;
        const members = [member(OLD.id, '2020-01-01T00:00:00Z'), ...made.map((id) => member(id, new Date().toISOString()))].join('');
        res.writeHead(200, { 'content-type': 'text/xml' });
        return res.end(
          `<ListAccessKeysResponse><ListAccessKeysResult><AccessKeyMetadata>${members}</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>`,
        );
      }
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(`<ErrorResponse><Error><Code>InvalidAction</Code><Message>${action}</Message></Error></ErrorResponse>`);
    });
  };
  return { handler, made, actions };
}

describe('keys rotate when IAM misbehaves', () => {
  let iam: LoopbackHttp | undefined;
  afterEach(async () => {
    await iam?.close();
    iam = undefined;
  });
  const rotate = async (standIn: ReturnType<typeof iamStandIn>) => {
    iam = await listenLoopback(standIn.handler);
    const env = { KEYS_PASS: 'pass', AWS_ENDPOINT_URL_IAM: iam.origin };
    expect((await cli.run(['keys', 'add', 'user1', '--stdin', ...FILE], env, { input: `${OLD.id}\n${OLD.secret}\n` })).exitCode).toBe(0);
    const result = await cli.run(['keys', 'rotate', 'user1', ...FILE], env);
    const served = await cli.run(['keys', 'serve', 'user1', ...FILE], env);
    return { result, served: JSON.parse(served.stdout) as { AccessKeyId: string } };
  };

  test("a third key refused with IAM's code LimitExceeded: the hint says to delete the key not in use", async () => {
    const standIn = iamStandIn((res) => {
      res.writeHead(409, { 'content-type': 'text/xml' });
      res.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>LimitExceeded</Code><Message>Cannot exceed quota for AccessKeysPerUser: 2</Message></Error></ErrorResponse>',
      );
    });
    const { result, served } = await rotate(standIn);
    expectOneLineError(
      result,
      1,
      /IAM refused a new access key for 'user1': Cannot exceed quota for AccessKeysPerUser: 2; .*; an IAM user may have two access keys: delete the one not in use \(aws iam list-access-keys\), then rotate again$/,
    );
    expect(served.AccessKeyId).toBe(OLD.id);
  });

  test('a key made but its answer lost: rotate lists the keys, names the orphan and the command that deletes it', async () => {
    const standIn = iamStandIn((res, made) => {
      made.push(ORPHAN);
      res.socket?.destroy();
    });
    const { result, served } = await rotate(standIn);
    expectOneLineError(
      result,
      1,
      new RegExp(
        `IAM gave no answer to CreateAccessKey for 'user1' \\(.*\\); the old key \\*\\*\\*\\*0001 is still stored and unchanged; IAM lists ${ORPHAN}, made just now, whose secret never arrived.*; delete it: aws iam delete-access-key --access-key-id ${ORPHAN} --profile user1; then rotate again$`,
      ),
    );
    expect(standIn.actions).toEqual(['CreateAccessKey', 'ListAccessKeys']);
    expect(served.AccessKeyId).toBe(OLD.id);
  });
});
