import {
  useMutation,
  useQueryClient,
  type QueryKey,
  type UseMutationResult,
} from '@tanstack/react-query';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type Dispatch,
  type ReactNode,
  type SetStateAction,
  type SubmitEvent,
} from 'react';
import { ApiError } from '../../api/problem.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import type { FormProblem } from '../../lib/admin-forms.js';
import { FormProblems, hasProblem, StatusMessage, useFocusFirstProblem } from './admin-widgets.js';

/*
 * The pattern every admin list follows: an "add" button above the list, one form at a time to
 * create or edit a record, the form's own checks before sending, the API's refusal in the form,
 * and on success the form closes, the outcome is said and the list is read again.
 */

export type Editing<T> = { mode: 'create' } | { mode: 'edit'; item: T };

export interface ListEditor<T> {
  editing: Editing<T> | null;
  /** The outcome of the last action on this list, said next to it. */
  status: string | null;
  /** The form is mounted afresh for each record, so it starts from that record's values. */
  formKey: string;
  create: () => void;
  edit: (item: T) => void;
  close: () => void;
  /** After an action on the list: say what happened and read the list again. */
  done: (message: string) => Promise<void>;
  /** After a save: close the form, then as `done`. */
  saved: (message: string) => Promise<void>;
}

export function useListEditor<T extends { id: string }>(queryKey: QueryKey): ListEditor<T> {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const open = (next: Editing<T>) => {
    setEditing(next);
    setStatus(null);
  };
  const done = async (message: string) => {
    setStatus(message);
    await queryClient.invalidateQueries({ queryKey });
  };
  return {
    editing,
    status,
    formKey: editing?.mode === 'edit' ? editing.item.id : 'new',
    create: () => {
      open({ mode: 'create' });
    },
    edit: (item) => {
      open({ mode: 'edit', item });
    },
    close: () => {
      setEditing(null);
    },
    done,
    saved: async (message) => {
      setEditing(null);
      await done(message);
    },
  };
}

/** The list's heading with its "add" button, the list's introduction and its live status. */
export function ListHeader<T>({
  list,
  title,
  titleId,
  addLabel,
  intro,
}: {
  list: ListEditor<T>;
  title: string;
  titleId?: string;
  addLabel: string;
  intro: string;
}) {
  return (
    <>
      <div className="page__header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="button button--primary"
          aria-expanded={list.editing?.mode === 'create'}
          onClick={list.create}
        >
          {addLabel}
        </button>
      </div>
      <p className="muted">{intro}</p>
      <StatusMessage message={list.status} />
    </>
  );
}

/** A row's "edit" button, named after the record for screen-reader users. */
export function EditButton<T>({
  list,
  item,
  label,
  description,
}: {
  list: ListEditor<T>;
  item: T;
  label: string;
  description: string;
}) {
  return (
    <button
      type="button"
      className="button button--small"
      aria-label={description}
      onClick={() => {
        list.edit(item);
      }}
    >
      {label}
    </button>
  );
}

/** One field's value, whether the last check found it wrong, and how it changes. */
export interface Bound<V> {
  value: V;
  invalid: boolean;
  onValue: (value: V) => void;
}

export interface RecordForm<F, R> {
  form: F;
  save: UseMutationResult<R, Error, void>;
  problems: readonly FormProblem[];
  submit: (event: SubmitEvent) => void;
  field: <K extends keyof F & string>(key: K) => Bound<F[K]>;
}

/**
 * A create-or-edit form's state: checked before sending, then sent; `onSuccess` receives the
 * API's answer and may still adjust the form.
 */
export function useRecordForm<F extends object, R>({
  initial,
  problemsOf,
  send,
  onSuccess,
}: {
  initial: () => F;
  problemsOf: (form: F) => FormProblem[];
  send: (form: F) => Promise<R>;
  onSuccess: (result: R, setForm: Dispatch<SetStateAction<F>>) => Promise<void>;
}): RecordForm<F, R> {
  const [form, setForm] = useState<F>(initial);
  const [problems, setProblems] = useState<FormProblem[]>([]);

  const save = useMutation({
    mutationFn: () => send(form),
    onSuccess: (result) => onSuccess(result, setForm),
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = problemsOf(form);
    setProblems(found);
    if (found.length === 0) save.mutate();
  };

  const field = <K extends keyof F & string>(key: K): Bound<F[K]> => ({
    value: form[key],
    invalid: hasProblem(problems, key),
    onValue: (value) => {
      setForm((current) => ({ ...current, [key]: value }));
    },
  });

  return { form, save, problems, submit, field };
}

/**
 * The form around an editor's fields: its heading, what the checks found, the API's refusal
 * (`conflict` says a clash with another record in the form's own words), save and cancel. The
 * first field has the focus when the form opens, the first field to correct after a refusal.
 */
export function EditorForm<F, R>({
  editor,
  title,
  submitLabel,
  conflict,
  footnote,
  onCancel,
  children,
}: {
  editor: RecordForm<F, R>;
  title: string;
  submitLabel: string;
  conflict?: string;
  footnote?: ReactNode;
  onCancel: () => void;
  children: ReactNode;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { save, problems } = editor;
  useFocusFirstProblem(formRef, problems);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  const clash =
    conflict !== undefined &&
    save.error instanceof ApiError &&
    save.error.problem.code === 'LW_CONFLICT';
  return (
    <form
      ref={formRef}
      className="form admin-editor"
      aria-labelledby={headingId}
      onSubmit={editor.submit}
      noValidate
    >
      <h3 id={headingId}>{title}</h3>
      {children}
      <FormProblems problems={problems} />
      {clash ? (
        <p className="notice notice--error" role="alert">
          {conflict}
        </p>
      ) : save.isError ? (
        <ErrorMessage error={save.error} />
      ) : null}
      {footnote}
      <FormActions submitLabel={submitLabel} submitDisabled={save.isPending} onCancel={onCancel} />
    </form>
  );
}

function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="muted small" id={id}>
      {children}
    </p>
  );
}

/** A labelled text input (a textarea when `rows` is given), with an optional hint below. */
export function TextField({
  label,
  hint,
  describedBy,
  rows,
  type,
  inputMode,
  autoComplete,
  maxLength,
  value,
  invalid,
  onValue,
}: Bound<string> & {
  label: string;
  hint?: ReactNode;
  /** A hint outside the field (shared by several fields), when it has none of its own. */
  describedBy?: string;
  rows?: number;
  type?: 'email' | 'url' | 'password' | 'date';
  inputMode?: 'decimal' | 'url';
  autoComplete?: 'off' | 'new-password';
  maxLength?: number;
}) {
  const id = useId();
  const hintId = useId();
  const control = {
    id,
    'aria-describedby': hint === undefined ? describedBy : hintId,
    'aria-invalid': invalid,
    value,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {rows === undefined ? (
        <input
          {...control}
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete}
          maxLength={maxLength}
          onChange={(event) => {
            onValue(event.target.value);
          }}
        />
      ) : (
        <textarea
          {...control}
          rows={rows}
          onChange={(event) => {
            onValue(event.target.value);
          }}
        />
      )}
      {hint === undefined ? null : <Hint id={hintId}>{hint}</Hint>}
    </div>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
}

/** A labelled select whose value is always one of `options`. */
export function SelectField<V extends string>({
  label,
  hint,
  options,
  value,
  invalid,
  onValue,
}: Bound<V> & { label: string; hint?: ReactNode; options: readonly Choice<V>[] }) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-describedby={hint === undefined ? undefined : hintId}
        aria-invalid={invalid}
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen) onValue(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint === undefined ? null : <Hint id={hintId}>{hint}</Hint>}
    </div>
  );
}

/** A checkbox with its label after it. */
export function CheckField({
  label,
  value,
  onValue,
}: {
  label: string;
  value: boolean;
  onValue: (value: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="field field--check">
      <input
        id={id}
        type="checkbox"
        checked={value}
        onChange={(event) => {
          onValue(event.target.checked);
        }}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  const others = list.filter((entry) => entry !== value);
  return on ? [...others, value] : others;
}

/** Checkboxes that choose any number of `options`, in the order they were ticked. */
export function CheckList<V extends string>({
  options,
  value,
  onValue,
  column = false,
}: {
  options: readonly Choice<V>[];
  value: readonly V[];
  onValue: (value: V[]) => void;
  column?: boolean;
}) {
  return (
    <div className={column ? 'checks checks--column' : 'checks'}>
      {options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="checkbox"
            checked={value.includes(option.value)}
            onChange={(event) => {
              onValue(toggle(value, option.value, event.target.checked));
            }}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}
