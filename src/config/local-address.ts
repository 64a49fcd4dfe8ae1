/** Addresses that mean "this machine": a setting holding one would point at the pod itself in the cluster. */

/** A client's address on this machine (localhost, 127.x, ::1, the Docker host), with or without a scheme and port. 0.0.0.0 is a listen address: it works anywhere. */
const LOCAL_ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1|host\.docker\.internal)(?::\d{1,5})?(?:[/?#,].*)?$/i;

export function isLocalAddress(value: string): boolean {
  return LOCAL_ADDRESS.test(value.trim());
}
