/**
 * The ports common images listen on by default, as data: what their Dockerfiles `EXPOSE` and
 * their documentation on Docker Hub says (e.g. "This will start a RabbitMQ container listening on
 * the default port of 5672"; the `-management` tags add the management plugin "on the standard
 * management port of 15672"). Bitnami images are listed only where their documentation shows the
 * port (`-p …:5432 bitnami/postgresql`, `…:27017 bitnami/mongodb`, `…:6379 bitnami/redis`).
 *
 * Elastic's own registry (`docker.elastic.co/elasticsearch/elasticsearch`) is matched as
 * `elasticsearch/elasticsearch`.
 *
 * Read by `image-ports` in resolve: a service others must reach that declares no port gets its
 * image's default ports (CX3110), and a published port of a `dataStore` image is not opened to the
 * internet without an opt-in (CX3210).
 *
 * `dataStore`: a database, cache, search index, broker or object store — something whose port is a
 * development convenience on a laptop and an open door on the internet.
 */

export interface ImagePorts {
  /** Repository names as written after any registry host (`postgres`, `bitnami/postgresql`). */
  readonly repositories: readonly string[];
  readonly ports: readonly number[];
  /** Tags containing this text add these ports (rabbitmq's `3-management`). */
  readonly tagPorts?: { readonly tagIncludes: string; readonly ports: readonly number[] };
  readonly dataStore: boolean;
}

export const IMAGE_PORTS: readonly ImagePorts[] = [
  // Relational databases
  { repositories: ['postgres', 'postgis/postgis', 'bitnami/postgresql'], ports: [5432], dataStore: true },
  { repositories: ['mysql'], ports: [3306], dataStore: true },
  { repositories: ['mariadb'], ports: [3306], dataStore: true },
  // Caches and key-value stores
  { repositories: ['redis', 'redis/redis-stack-server', 'bitnami/redis'], ports: [6379], dataStore: true },
  { repositories: ['valkey', 'valkey/valkey'], ports: [6379], dataStore: true },
  { repositories: ['memcached'], ports: [11211], dataStore: true },
  // Document, wide-column and graph stores
  { repositories: ['mongo', 'bitnami/mongodb'], ports: [27017], dataStore: true },
  { repositories: ['cassandra'], ports: [9042], dataStore: true },
  { repositories: ['couchdb'], ports: [5984], dataStore: true },
  { repositories: ['neo4j'], ports: [7474, 7687], dataStore: true },
  { repositories: ['influxdb'], ports: [8086], dataStore: true },
  // Search
  { repositories: ['elasticsearch', 'elasticsearch/elasticsearch', 'elastic/elasticsearch'], ports: [9200, 9300], dataStore: true },
  { repositories: ['opensearchproject/opensearch'], ports: [9200, 9600], dataStore: true },
  { repositories: ['solr'], ports: [8983], dataStore: true },
  // Brokers and coordination
  { repositories: ['rabbitmq'], ports: [5672], tagPorts: { tagIncludes: 'management', ports: [15672] }, dataStore: true },
  { repositories: ['zookeeper'], ports: [2181], dataStore: true },
  { repositories: ['eclipse-mosquitto'], ports: [1883], dataStore: false },
  { repositories: ['nats'], ports: [4222], dataStore: false },
  // Object storage
  { repositories: ['minio/minio'], ports: [9000], dataStore: true },
  // Web servers and proxies
  { repositories: ['nginx', 'nginx/nginx', 'nginxinc/nginx-unprivileged'], ports: [80], dataStore: false },
  { repositories: ['httpd'], ports: [80], dataStore: false },
  { repositories: ['caddy'], ports: [80, 443], dataStore: false },
  { repositories: ['tomcat'], ports: [8080], dataStore: false },
];

export interface ImageDefault {
  /** The repository as matched (`postgres`). */
  readonly repository: string;
  readonly ports: readonly number[];
  readonly dataStore: boolean;
}

/** Registry prefixes under which Docker's official images are mirrored (`library/` is Docker Hub's own). */
const OFFICIAL_PREFIXES = ['docker/library/', 'library/'];

/**
 * The repository of an image reference without registry host, tag or digest, lower case:
 * `public.ecr.aws/docker/library/postgres:16-alpine` → `postgres`, `docker.io/bitnami/redis:7` →
 * `bitnami/redis`, `registry:5000/team/app@sha256:…` → `team/app`.
 */
export function imageRepository(image: string): { repository: string; tag: string } {
  let rest = image.trim();
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') rest = rest.slice(slash + 1);
  }
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : '';
  let repository = (colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest).toLowerCase();
  for (const prefix of OFFICIAL_PREFIXES) if (repository.startsWith(prefix)) repository = repository.slice(prefix.length);
  return { repository, tag: tag.toLowerCase() };
}

/** The default ports of an image from the table, or undefined when it is not in it. */
export function imageDefault(image: string | undefined): ImageDefault | undefined {
  if (typeof image !== 'string' || image === '') return undefined;
  const { repository, tag } = imageRepository(image);
  const entry = IMAGE_PORTS.find((e) => e.repositories.includes(repository));
  if (!entry) return undefined;
  const extra = entry.tagPorts && tag.includes(entry.tagPorts.tagIncludes) ? entry.tagPorts.ports : [];
  return { repository, ports: [...entry.ports, ...extra], dataStore: entry.dataStore };
}
