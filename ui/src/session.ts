// Facts every page needs once the app has started: the reporting years (from app_info) and who
// is at the keyboard (the identity every change is recorded against), shared through context.
import { createContext, useContext } from "react";
import type { AppInfo } from "./bindings/AppInfo";
import type { Identity } from "./bindings/Identity";
import type { Role } from "./bindings/Role";

// A Record forces this list to follow the generated Role union exactly.
const ROLE_SET: Record<Role, null> = { Viewer: null, FocalPoint: null, Coordinator: null, Admin: null };

/** The roles a person may give themselves on one computer (a team server's admin sets the
 * others). */
export const ROLES: Role[] = ["FocalPoint", "Coordinator"];

export function isRole(value: string): value is Role {
  return value in ROLE_SET;
}

export const AppInfoContext = createContext<AppInfo | null>(null);

export function useAppInfo(): AppInfo {
  const info = useContext(AppInfoContext);
  if (!info) throw new Error("useAppInfo outside AppInfoContext");
  return info;
}

/** Every year a report may be written for, newest first: next year down to the Summit. */
export function useReportingYears(): number[] {
  const { firstYear, currentYear } = useAppInfo();
  const years: number[] = [];
  for (let year = currentYear + 1; year >= firstYear; year--) years.push(year);
  return years;
}

export type IdentityState = {
  identity: Identity;
  /** The identity as the server stored it after a change (name tidied). */
  setIdentity: (identity: Identity) => void;
};

export const IdentityContext = createContext<IdentityState | null>(null);

export function useIdentity(): IdentityState {
  const state = useContext(IdentityContext);
  if (!state) throw new Error("useIdentity outside IdentityContext");
  return state;
}
