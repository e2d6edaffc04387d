import { z } from 'zod';

/**
 * The rules for names and values a person types, once: the core validates every request with them and
 * the UI checks a field with the same schema as the user types, showing the first issue's message.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NO_SCHEME = (s: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s);
/** Every `:port` in a reference is a port a registry can listen on. */
const PORT_IN_RANGE = (s: string) => [...s.matchAll(/:(\d+)(?=\/|$)/g)].every((m) => Number(m[1]) >= 1 && Number(m[1]) <= 65535);

/** A kubeconfig context's name, as kubectl allows it. */
export const ContextName = z.string().min(1, 'Name a context.').max(253, 'A context name is at most 253 characters long.');

/** A namespace (a DNS label). */
export const NamespaceName = z.string().min(1, 'Name a namespace.').max(63, 'A namespace name is at most 63 characters long.')
  .regex(DNS_LABEL, 'A namespace name is lower-case letters, digits and dashes, starting and ending with a letter or a digit.');

/** What is wrong with the characters of a revision name, naming the first one at fault (undefined: none). */
export function revisionCharacterProblem(name: string): string | undefined {
  if (/[A-Z]/.test(name)) return 'A revision uses lower-case letters only: no capitals (for example canary, not Canary).';
  if (/\s/.test(name)) return 'A revision has no spaces: join words with a dash, for example my-canary.';
  const other = /[^a-z0-9-]/u.exec(name);
  if (other) return `“${other[0]}” cannot be part of a revision: use lower-case letters, digits and dashes, for example 1-24 or canary.`;
  return undefined;
}

/** A control-plane revision: a DNS label of at most 40 characters (istiod-<revision> must stay a DNS label); empty is the default revision. */
export const RevisionName = z.string().max(40, 'A revision is at most 40 characters long.')
  .superRefine((name, ctx) => {
    const problem = revisionCharacterProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/, 'A revision starts and ends with a letter or a digit.');

/** A revision tag (istio.io/rev value that stands for a revision). */
export const TagName = z.string().min(1, 'Name the tag, for example prod-stable.').max(63, 'A tag is at most 63 characters long.')
  .regex(DNS_LABEL, 'A tag is lower-case letters, digits and dashes, starting and ending with a letter or a digit.');

/** Where images come from: registry[:port][/path…], no scheme, no tag. */
export const Hub = z.string().max(253, 'A registry path is at most 253 characters long.')
  .refine(NO_SCHEME, 'Leave out the scheme: registry.example.com/istio, not https://registry.example.com/istio.')
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, 'This is not a registry path. Use host[:port]/path, for example registry.example.com/istio.')
  .refine(PORT_IN_RANGE, 'A registry port is a number from 1 to 65535.');

/** An image tag. */
export const ImageTag = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'A tag is letters, digits, “_”, “.” and “-” (at most 128), for example 1.24.2.');

/** A Secret's name (image pull secrets). */
export const SecretName = z.string().max(253, 'A Secret name is at most 253 characters long.')
  .regex(DNS_SUBDOMAIN, 'Not a Secret name: names are lower-case letters, digits, “-” and “.”.');

/** An istioctl --set path. */
export const ValueKey = z.string().min(1, 'Enter the key for this value.').max(200, 'A key is at most 200 characters long.')
  .regex(/^[^\s=]+$/, 'A key has no spaces and no “=”, for example values.pilot.traceSampling.');
export const ValueText = z.string().max(2000, 'A value is at most 2000 characters long.');

/** A registry to push to: host or host:port (an IPv6 address in brackets), nothing else. */
export const RegistryHost = z.string().min(1, 'Enter the registry’s host and, if it is not the usual one, its port: for example registry.example.com or 10.0.0.5:5000.')
  .max(253, 'A registry address is at most 253 characters long.')
  .refine(NO_SCHEME, 'Leave out the scheme: registry.example.com:5000, not https://registry.example.com:5000. Tick “plain HTTP” for a registry without TLS.')
  .refine((s) => !s.includes('/'), 'Only the host and port go here; the path goes in Repository.')
  .regex(/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/, 'This is not a registry address. Use host or host:port, for example registry.example.com:5000.')
  .refine(PORT_IN_RANGE, 'A registry port is a number from 1 to 65535.');

/** A repository path inside a registry. */
export const RepositoryPath = z.string().max(200, 'A repository is at most 200 characters long.')
  .regex(/^[a-z0-9._/-]*$/, 'A repository is lower-case letters, digits, “.”, “_”, “-” and “/”, for example istio or mirrors/istio.');

/** The first problem with `value` under `schema`, in words (undefined: fine). */
export function problemOf(schema: z.ZodType, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}
