import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { apiQuery } from "../api/queries";
import { useTeamMutation } from "../account";
import type { ServerSettings } from "../bindings/ServerSettings";
import { ErrorAlert } from "./ErrorAlert";

/** The organisation's settings: separation of duties, and accounts made at single sign-on. */
export function ServerSettingsForm() {
  const { t: tt } = useTranslation("team");
  const settings = useQuery(apiQuery("server_settings", {}));
  // Out here: the form starts afresh when the saved settings come back.
  const [done, setDone] = useState(false);
  return (
    <section className="server-settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{tt("settings.heading")}</h2>
      {settings.error ? (
        <ErrorAlert
          error={settings.error}
          action={{ label: tt("retry"), onClick: () => void settings.refetch() }}
        >
          {tt("settings.loadFailed")}
        </ErrorAlert>
      ) : settings.data === undefined ? (
        <p role="status">{tt("loading")}</p>
      ) : (
        // Keyed by what the server holds: a change saved elsewhere starts the form afresh.
        <SettingsForm
          key={JSON.stringify(settings.data)}
          saved={settings.data}
          onSaving={() => setDone(false)}
          onSaved={() => setDone(true)}
        />
      )}
      <p className="flash" role="status" data-testid="settings-saved">
        {done && tt("settings.saved")}
      </p>
    </section>
  );
}

type Props = { saved: ServerSettings; onSaving: () => void; onSaved: () => void };

function SettingsForm({ saved, onSaving, onSaved }: Props) {
  const { t: tt } = useTranslation("team");
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<ApiError | null>(null);
  const save = useTeamMutation("set_server_settings", "settings");
  const changed =
    value.separationOfDuties !== saved.separationOfDuties || value.ssoSignUp !== saved.ssoSignUp;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    onSaving();
    try {
      await save.mutateAsync(value);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    }
  };

  return (
    <form aria-labelledby="settings-heading" onSubmit={(e) => void submit(e)}>
      <div className="checkbox">
        <input
          id="setting-separation"
          type="checkbox"
          checked={value.separationOfDuties}
          aria-describedby="setting-separation-hint"
          onChange={(e) => {
            onSaving();
            setValue({ ...value, separationOfDuties: e.target.checked });
          }}
        />
        <label htmlFor="setting-separation">{tt("settings.separation")}</label>
      </div>
      <p id="setting-separation-hint" className="hint">
        {tt("settings.separationHint")}
      </p>
      <div className="checkbox">
        <input
          id="setting-sso-sign-up"
          type="checkbox"
          checked={value.ssoSignUp}
          aria-describedby="setting-sso-sign-up-hint"
          onChange={(e) => {
            onSaving();
            setValue({ ...value, ssoSignUp: e.target.checked });
          }}
        />
        <label htmlFor="setting-sso-sign-up">{tt("settings.ssoSignUp")}</label>
      </div>
      <p id="setting-sso-sign-up-hint" className="hint">
        {tt("settings.ssoSignUpHint")}
      </p>
      {error && <ErrorAlert error={error}>{tt("settings.saveFailed")}</ErrorAlert>}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          data-testid="settings-save"
          disabled={save.isPending || !changed}
        >
          {tt("settings.save")}
        </button>
      </div>
    </form>
  );
}
