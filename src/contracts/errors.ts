/**
 * One table of error codes: the HTTP status and the message a clerk reads. Modules add their codes
 * here so that the web app and the API document share them.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '填写的内容有误，请检查后重试' },
  FIELD_REQUIRED: { status: 400, message: '此项为必填项' },
  BAD_AREA_CODE: { status: 400, message: '区划或网格编码格式不正确' },
  BAD_ID_CARD: { status: 400, message: '身份证号码不正确' },
  WEAK_PASSWORD: { status: 400, message: '密码至少8位，且须包含大写字母、小写字母、数字、符号中的至少3类' },
  PASSWORD_REUSED: { status: 400, message: '新密码不能与原密码相同' },
  REASON_REQUIRED: { status: 400, message: '请填写查看原因' },
  BAD_JSON: { status: 400, message: '请求内容不是有效的JSON' },
  BAD_GEOMETRY: { status: 400, message: '网格边界不是有效的多边形(GeoJSON Polygon/MultiPolygon)' },
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已超时，请重新登录' },
  LOGIN_FAILED: { status: 401, message: '用户名或密码错误' },
  ACCOUNT_LOCKED: { status: 423, message: '密码错误次数过多，账号已锁定30分钟' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系管理员' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '首次登录请先修改密码' },
  CSRF_REJECTED: { status: 403, message: '请求来源校验失败，请刷新页面后重试' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  OUT_OF_SCOPE: { status: 403, message: '超出本人管辖范围' },
  NOT_FOUND: { status: 404, message: '记录不存在或无权查看' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  CONFLICT: { status: 409, message: '数据已存在' },
  USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  AREA_EXISTS: { status: 409, message: '该编码已存在' },
  AREA_HAS_CHILDREN: { status: 409, message: '该区域下还有在用的下级网格，不能撤销' },
  VERSION_CONFLICT: { status: 409, message: '该记录已被他人更新，请刷新后重试' },
  CASE_VERSION_CONFLICT: { status: 409, message: '该事件已被他人更新，请刷新后重试' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, message: '相同的请求正在处理中，请稍候' },
  IDEMPOTENCY_MISMATCH: { status: 422, message: '重复提交的请求内容与首次不一致' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '系统内部错误，请稍后重试或联系管理员' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorBody = {
  error: { code: ErrorCode; message: string; field?: string; details?: unknown };
};
