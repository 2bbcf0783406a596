import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { ApiError, errorMessage } from '../../app/api';

/**
 * The server's Chinese message on the field it names, nested names included (`details.periodEnd` is the
 * form's ['details', 'periodEnd']); a field the form does not show (e.g. `team.userId`) goes to the message bar.
 */
export function showFieldError(e: unknown, message: MessageInstance, form: FormInstance): void {
  if (e instanceof ApiError && e.field) {
    const path = e.field.split('.');
    const shown = form.getFieldsError().find((f) => f.name.join('.') === path.join('.'));
    if (shown) {
      form.setFields([{ name: path, errors: [e.message] }]);
      form.scrollToField(path);
      return;
    }
  }
  message.error(errorMessage(e));
}
