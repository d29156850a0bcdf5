import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../ui/TextField';
import { FormDialog } from '../../ui/FormDialog';
import { useAppServices } from '../appServices';
import { CASE_NAME_MAX, type CaseItemInput } from './cases';

/** `c`: adds the items (selected messages, or a whole chat) to an existing case or to a new one. */
export function AddToCaseDialog({
  items,
  onClose,
}: {
  items: readonly CaseItemInput[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { cases } = useAppServices();
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const list = useLiveQuery(() => cases.list(), [cases]);
  const open = (list ?? []).filter((row) => row.status !== 'closed');
  const [picked, setPicked] = useState<string>('');
  const [newName, setNewName] = useState('');

  const add = async () => {
    let caseId = picked;
    if (newName.trim()) {
      const created = await cases.create(newName);
      caseId = created?.id ?? '';
    }
    if (!caseId) return t('cases.nameRequired');
    await cases.addItems(caseId, items);
    return undefined;
  };

  return (
    <FormDialog
      title={t('cases.dialog.forCount', { count: items.length })}
      onClose={onClose}
      onSubmit={add}
      cancelLabel={t('cases.dialog.cancel')}
      submitLabel={t('cases.dialog.add')}
      submitDisabled={!picked && !newName.trim()}
      submitTestId="case-add"
      testId="add-to-case-dialog"
      initialFocus={open.length > 0 ? undefined : first}
    >
      {open.length > 0 ? (
        <fieldset className="case-pick">
          <legend className="field__label">{t('cases.dialog.pick')}</legend>
          {open.map((row) => (
            <label key={row.id} className="case-pick__option">
              <input
                type="radio"
                name={`${id}-case`}
                value={row.id}
                checked={picked === row.id && !newName.trim()}
                onChange={() => {
                  setPicked(row.id);
                  setNewName('');
                }}
                data-case-name={row.name}
              />{' '}
              <bdi>{row.name}</bdi>
            </label>
          ))}
        </fieldset>
      ) : null}
      <TextField
        ref={first}
        label={t('cases.dialog.newName')}
        className="input"
        value={newName}
        maxLength={CASE_NAME_MAX}
        onChange={setNewName}
        testId="case-new-name"
      />
    </FormDialog>
  );
}
