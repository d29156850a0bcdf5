import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PathField, TextField } from '../../../../renderer/ui/TextField';

/** TextField is a Field's input: labelled, its error announced, every other attribute as given. */

const attribute = (html: string, tag: string, name: string) =>
  new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(html)?.[1];

describe('TextField', () => {
  it('labels the input, passes its attributes through and adds no aria marks without an error', () => {
    const html = renderToStaticMarkup(
      <TextField
        label="Name"
        value="Li"
        onChange={() => undefined}
        className="input"
        maxLength={20}
        testId="name"
      />,
    );
    expect(attribute(html, 'label', 'for')).toBe(attribute(html, 'input', 'id'));
    expect(attribute(html, 'input', 'value')).toBe('Li');
    expect(attribute(html, 'input', 'class')).toBe('input');
    expect(attribute(html, 'input', 'maxLength')).toBe('20');
    expect(attribute(html, 'input', 'data-testid')).toBe('name');
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('aria-describedby');
  });

  it('marks the input invalid and points it at the error', () => {
    const html = renderToStaticMarkup(
      <TextField label="Name" value="" onChange={() => undefined} error="Required" />,
    );
    expect(attribute(html, 'input', 'aria-invalid')).toBe('true');
    expect(html).toContain(`id="${attribute(html, 'input', 'aria-describedby')}" role="alert">Required<`);
  });

  it('PathField is plain text without spell checking', () => {
    const html = renderToStaticMarkup(<PathField label="Folder" value="/tmp" onChange={() => undefined} />);
    expect(attribute(html, 'input', 'type')).toBe('text');
    expect(attribute(html, 'input', 'spellCheck')).toBe('false');
  });
});
