import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Isolated, ShownControls } from '../../../../renderer/ui/ArchiveText';

describe('archive strings in the page', () => {
  it('shows a file name’s controls as marked <U+…> and never puts the control itself in the DOM', () => {
    const html = renderToStaticMarkup(<ShownControls text={'invoice\u202Efdp.exe'} />);
    expect(html).toBe(
      '<bdi dir="auto">invoice<span class="control-mark" data-control="&lt;U+202E&gt;">&lt;U+202E&gt;</span>fdp.exe</bdi>',
    );
    expect(html).not.toContain('\u202E');
  });

  it('isolates other strings as they are', () => {
    expect(renderToStaticMarkup(<Isolated text={'مرحبا\u202Eabc'} />)).toBe(
      '<bdi dir="auto">مرحبا\u202Eabc</bdi>',
    );
  });
});
