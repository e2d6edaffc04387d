import type { ConfigKindInfo } from '../../../main/contract/config.js';

/**
 * The starting points of "New from template": plain YAML (content, not rules; the core checks what the user
 * makes of them). `$API_VERSION` becomes the version this cluster serves, `$NAMESPACE` the namespace chosen.
 */
export interface Template {
  id: string;
  group: string;
  kind: string;
  /** What it is for, in a few words. */
  purpose: string;
  text: string;
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'virtual-service',
    group: 'networking.istio.io',
    kind: 'VirtualService',
    purpose: 'Routes requests for a host: matches, splits, retries, faults',
    text: `apiVersion: $API_VERSION
kind: VirtualService
metadata:
  name: reviews
  namespace: $NAMESPACE
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
`,
  },
  {
    id: 'destination-rule',
    group: 'networking.istio.io',
    kind: 'DestinationRule',
    purpose: 'Names subsets of a host and sets its traffic policy',
    text: `apiVersion: $API_VERSION
kind: DestinationRule
metadata:
  name: reviews
  namespace: $NAMESPACE
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`,
  },
  {
    id: 'gateway',
    group: 'networking.istio.io',
    kind: 'Gateway',
    purpose: 'Opens ports on an ingress gateway for some hosts',
    text: `apiVersion: $API_VERSION
kind: Gateway
metadata:
  name: public
  namespace: $NAMESPACE
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - shop.example.com
`,
  },
  {
    id: 'service-entry',
    group: 'networking.istio.io',
    kind: 'ServiceEntry',
    purpose: 'Adds a host outside the mesh to its registry',
    text: `apiVersion: $API_VERSION
kind: ServiceEntry
metadata:
  name: payments-api
  namespace: $NAMESPACE
spec:
  hosts:
  - api.payments.example.com
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: 443
    name: https
    protocol: TLS
`,
  },
  {
    id: 'peer-authentication',
    group: 'security.istio.io',
    kind: 'PeerAuthentication',
    purpose: 'Says whether workloads accept only mutual TLS',
    text: `apiVersion: $API_VERSION
kind: PeerAuthentication
metadata:
  name: default
  namespace: $NAMESPACE
spec:
  mtls:
    mode: STRICT
`,
  },
  {
    id: 'authorization-policy',
    group: 'security.istio.io',
    kind: 'AuthorizationPolicy',
    purpose: 'Allows or denies requests to workloads',
    text: `apiVersion: $API_VERSION
kind: AuthorizationPolicy
metadata:
  name: allow-frontend
  namespace: $NAMESPACE
spec:
  selector:
    matchLabels:
      app: reviews
  action: ALLOW
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/$NAMESPACE/sa/frontend
    to:
    - operation:
        methods:
        - GET
`,
  },
  {
    id: 'http-route',
    group: 'gateway.networking.k8s.io',
    kind: 'HTTPRoute',
    purpose: 'Gateway API routing for a Service (mesh) or a Gateway',
    text: `apiVersion: $API_VERSION
kind: HTTPRoute
metadata:
  name: reviews
  namespace: $NAMESPACE
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: reviews
    port: 9080
  rules:
  - backendRefs:
    - name: reviews-v1
      port: 9080
      weight: 90
    - name: reviews-v2
      port: 9080
      weight: 10
`,
  },
  {
    id: 'reference-grant',
    group: 'gateway.networking.k8s.io',
    kind: 'ReferenceGrant',
    purpose: 'Lets routes of another namespace use Services of this one',
    text: `apiVersion: $API_VERSION
kind: ReferenceGrant
metadata:
  name: allow-routes-from-frontend
  namespace: $NAMESPACE
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: frontend
  to:
  - group: ""
    kind: Service
`,
  },
];

/** The version the cluster serves for the template's kind (undefined: it serves none, e.g. no Gateway API CRDs). */
export const servedKind = (template: Pick<Template, 'group' | 'kind'>, kinds: readonly ConfigKindInfo[]) =>
  kinds.find((k) => k.group === template.group && k.kind === template.kind);

/** The template's text for this cluster and namespace. */
export function fillTemplate(template: Template, kind: Pick<ConfigKindInfo, 'group' | 'version'>, namespace: string): string {
  return template.text.replaceAll('$API_VERSION', `${kind.group}/${kind.version}`).replaceAll('$NAMESPACE', namespace);
}
