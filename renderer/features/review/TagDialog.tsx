import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../ui/FormDialog';
import { TextField } from '../../ui/TextField';
import { useAppServices } from '../appServices';
import { markTables, TAG_COLOURS, type MessageRef } from './markTables';
import { normalizeTag, TAG_MAX } from './marks';

/**
 * `t`: tags the messages. Known tags are offered as you type (a datalist) and as chips; a new tag
 * gets the colour chosen here. With one message, its tags are listed with a remove button each.
 */
export function TagDialog({ refs, onClose }: { refs: readonly MessageRef[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { db, marks } = useAppServices();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [colour, setColour] = useState<string>(TAG_COLOURS[0]);
  // A known tag's new colour, shown checked at once while the store records it.
  const [recoloured, setRecoloured] = useState<{ tag: string; colour: string } | null>(null);
  const defs = useLiveQuery(() => markTables(db).tagDefs.orderBy('name').toArray(), [db]) ?? [];
  const single = refs.length === 1 ? refs[0] : undefined;
  const current =
    useLiveQuery(
      async () =>
        single
          ? (
              await markTables(db)
                .tags.where('[corpId+msgid]')
                .equals([single.corpId, single.msgid])
                .toArray()
            ).map((row) => row.tag)
          : [],
      [db, single?.corpId, single?.msgid],
    ) ?? [];
  const colourOf = new Map(defs.map((def) => [def.name, def.colour]));
  const known = colourOf.has(normalizeTag(name));
  const knownColour =
    recoloured?.tag === normalizeTag(name) ? recoloured.colour : colourOf.get(normalizeTag(name));
  const recolour = (tag: string, next: string) => {
    setRecoloured({ tag, colour: next });
    void marks.setTagColour(tag, next);
  };

  /** Tags the messages (a chip closes the dialog after; the form's submit is closed by FormDialog). */
  const add = async (tag: string) => {
    if (normalizeTag(tag)) await marks.addTag(refs, tag, colour);
  };

  return (
    <FormDialog
      title={
        refs.length > 1 ? t('review.tagDialog.forCount', { count: refs.length }) : t('review.tagDialog.title')
      }
      onClose={onClose}
      onSubmit={() => add(name)}
      cancelLabel={t('review.tagDialog.close')}
      submitLabel={t('review.tagDialog.add')}
      submitDisabled={!normalizeTag(name)}
      testId="tag-dialog"
      initialFocus={input}
    >
      <TextField
        ref={input}
        label={t('review.tagDialog.name')}
        className="input"
        list={listId}
        value={name}
        maxLength={TAG_MAX * 2}
        autoComplete="off"
        onChange={setName}
        testId="tag-input"
      />
      <datalist id={listId}>
        {defs.map((def) => (
          <option key={def.name} value={def.name} />
        ))}
      </datalist>
      {defs.length > 0 ? (
        <div className="chip-row tag-dialog__known">
          {defs.map((def) => (
            <button
              key={def.name}
              type="button"
              className="mark-tag mark-tag--button"
              style={{ borderColor: def.colour, color: def.colour }}
              onClick={() => void add(def.name).then(onClose)}
              data-tag={def.name}
            >
              <bdi>{def.name}</bdi>
            </button>
          ))}
        </div>
      ) : null}
      {/* A new tag gets the colour chosen here; a known tag's colour is changed here for every
            message that has it (recorded in the trail as tag.changed). */}
      <fieldset className="tag-dialog__colours" data-testid="tag-colours">
        <legend className="field__label">
          {known ? t('review.tagDialog.recolour', { tag: normalizeTag(name) }) : t('review.tagDialog.colour')}
        </legend>
        {TAG_COLOURS.map((candidate) => (
          <label key={candidate} className="tag-colour" style={{ backgroundColor: candidate }}>
            <input
              type="radio"
              name={`${listId}-colour`}
              value={candidate}
              checked={(known ? knownColour : colour) === candidate}
              onChange={() => (known ? recolour(normalizeTag(name), candidate) : setColour(candidate))}
              aria-label={candidate}
            />
          </label>
        ))}
      </fieldset>
      {single ? (
        <div className="tag-dialog__current">
          <h3 className="field__label">{t('review.tagDialog.current')}</h3>
          {current.length === 0 ? <p className="muted small">{t('review.tagDialog.none')}</p> : null}
          <div className="chip-row">
            {current.map((tag) => (
              <span
                key={tag}
                className="mark-tag"
                style={{ borderColor: colourOf.get(tag), color: colourOf.get(tag) }}
              >
                <bdi>{tag}</bdi>{' '}
                <button
                  type="button"
                  className="inline-link"
                  aria-label={t('review.tagDialog.remove', { tag })}
                  onClick={() => void marks.removeTag([single], tag)}
                >
                  ×
                </button>
              </span>
            ))}
          </div>
        </div>
      ) : null}
    </FormDialog>
  );
}
