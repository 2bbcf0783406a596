import { buildTemplate, dropTemplate } from './db-template';

export default async function setup() {
  process.env.FQ_TEST_RUN ??= String(process.pid);
  await buildTemplate();
  return dropTemplate;
}
