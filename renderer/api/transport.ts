import { createContext, useContext, useSyncExternalStore } from 'react';
import { MeshdeckClient } from '../../main/contract/client.js';
import type { ClientTransport } from '../../main/contract/wire.js';
import { alwaysOpen, isConnectionControl, type ConnectionControl, type ConnectionState } from './connection.js';
import { createIpcTransport } from './ipc-transport.js';
import { createWsTransport } from './ws-transport.js';

/** The contract's client plus the state of the link that carries it; the UI never learns which link that is. */
export interface MeshdeckConnection {
  client: MeshdeckClient;
  connection: ConnectionControl;
}

/** Wires a client to a transport: when the link is lost, every request in flight fails. */
export function connect(transport: ClientTransport): MeshdeckConnection {
  const client = new MeshdeckClient(transport);
  const connection = isConnectionControl(transport) ? transport : alwaysOpen();
  connection.onLost((error) => client.failAll(error));
  return { client, connection };
}

/** Electron's preload bridge when there is one, else a WebSocket to the page's own origin (web mode). */
export function createClient(): MeshdeckConnection {
  return connect(createIpcTransport() ?? createWsTransport());
}

export const ClientContext = createContext<MeshdeckConnection | null>(null);

function useMeshdeck(): MeshdeckConnection {
  const value = useContext(ClientContext);
  if (!value) throw new Error('useClient() needs a <ClientContext value={createClient()}> above it');
  return value;
}

export function useClient(): MeshdeckClient {
  return useMeshdeck().client;
}

export function useConnection(): { state: ConnectionState; reconnect(): void } {
  const { connection } = useMeshdeck();
  const state = useSyncExternalStore(connection.subscribe, connection.getState, connection.getState);
  return { state, reconnect: connection.reconnect };
}

/** Bumped when the link opens again after a loss; hooks restart their requests when it changes. */
export function useConnectionGeneration(): number {
  const { connection } = useMeshdeck();
  return useSyncExternalStore(
    connection.subscribe,
    () => connection.getState().generation,
    () => connection.getState().generation,
  );
}
