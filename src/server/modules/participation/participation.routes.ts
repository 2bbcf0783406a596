/** Routes of participation (DESIGN §9): thin — schema, actor, call. The services do scope, permission and audit. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import {
  attendanceInput,
  CATEGORIES,
  CHOICES,
  commendationInput,
  decisionInput,
  electorView,
  errandInput,
  hoursInput,
  KNOWLEDGE_KINDS,
  knowledgeDetail,
  knowledgeInput,
  knowledgePatch,
  knowledgeView,
  meetingDetail,
  meetingInput,
  meetingView,
  minutesInput,
  overdueView,
  postCommentView,
  postDetail,
  postInput,
  postView,
  procedureDetail,
  procedureInput,
  procedureView,
  registrationInput,
  registrationView,
  signInInput,
  stepInput,
  taskView,
  topicDetail,
  topicInput,
  topicView,
  voteInput,
  voteView,
  commentView,
} from '../../../contracts/participation';
import type { AppContext } from '../../platform/context';
import { getActor, type RouteAccess } from '../../platform/http';
import * as deliberation from './deliberation.service';
import * as disclosure from './disclosure.service';
import * as fourStep from './four-step.service';
import * as knowledge from './knowledge.service';
import { MANAGER_ROLES, TELLER_ROLES } from './participation.shared';
import * as volunteers from './volunteers.service';
import * as voting from './votes.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const areaQ = z.string().regex(/^\d{2,18}$/).optional();
const anyone: { access: RouteAccess } = { access: {} };
const managers: { access: RouteAccess } = { access: { roles: MANAGER_ROLES } };
const tellers: { access: RouteAccess } = { access: { roles: TELLER_ROLES } };
const okView = z.object({ ok: z.boolean() });

export function registerParticipationRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const P = '/api/participation';

  // ---------------------------------------------------------------------------------- 议事协商
  const tags = ['participation'];
  api.get(`${P}/topics`, { config: anyone, schema: { tags, summary: '议题列表(村民说事/民情恳谈)', querystring: pageQuery.extend({ area: areaQ, status: z.string().max(20).optional() }), response: { 200: pageOf(topicView) } } }, async (req) =>
    deliberation.listTopics(ctx, getActor(req), req.query),
  );
  api.post(`${P}/topics`, { config: anyone, schema: { tags, summary: '提出议题', body: topicInput, response: { 201: topicView } } }, async (req, reply) =>
    reply.code(201).send(await deliberation.raiseTopic(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/topics/:id`, { config: anyone, schema: { tags, summary: '议题详情与评论', params: idParams, response: { 200: topicDetail } } }, async (req) =>
    deliberation.getTopic(ctx, getActor(req), req.params.id),
  );
  api.post(`${P}/topics/:id/support`, { config: anyone, schema: { tags, summary: '附议(每人一次)', params: idParams, response: { 200: z.object({ supportCount: z.number(), supportedByMe: z.boolean() }) } } }, async (req) =>
    deliberation.supportTopic(ctx, getActor(req), req.params.id),
  );
  api.post(`${P}/topics/:id/comments`, { config: anyone, schema: { tags, summary: '评论议题', params: idParams, body: z.object({ body: z.string().trim().min(1).max(2000) }), response: { 201: commentView } } }, async (req, reply) =>
    reply.code(201).send(await deliberation.commentTopic(ctx, getActor(req), req.params.id, req.body.body)),
  );
  api.get(`${P}/meetings`, { config: anyone, schema: { tags, summary: '议事会议列表(含三级协商)', querystring: pageQuery.extend({ area: areaQ, kind: z.string().max(20).optional(), level: z.enum(['county', 'town', 'village', 'grid']).optional() }), response: { 200: pageOf(meetingView) } } }, async (req) =>
    deliberation.listMeetings(ctx, getActor(req), req.query),
  );
  api.post(`${P}/meetings`, { config: managers, schema: { tags, summary: '召集会议(议程、议题)', body: meetingInput, response: { 201: meetingView } } }, async (req, reply) =>
    reply.code(201).send(await deliberation.scheduleMeeting(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/meetings/:id`, { config: anyone, schema: { tags, summary: '会议详情(签到、纪要、决定与任务)', params: idParams, response: { 200: meetingDetail } } }, async (req) =>
    deliberation.getMeeting(ctx, getActor(req), req.params.id),
  );
  api.post(`${P}/meetings/:id/sign-in`, { config: managers, schema: { tags, summary: '会议签到', params: idParams, body: signInInput, response: { 200: z.object({ added: z.number(), attended: z.number(), expected: z.number() }) } } }, async (req) =>
    deliberation.signIn(ctx, getActor(req), req.params.id, req.body),
  );
  api.post(`${P}/meetings/:id/minutes`, { config: managers, schema: { tags, summary: '记录会议纪要与照片', params: idParams, body: minutesInput, response: { 200: z.object({ version: z.number() }) } } }, async (req) =>
    deliberation.recordMinutes(ctx, getActor(req), req.params.id, req.body),
  );
  api.post(`${P}/meetings/:id/decisions`, { config: managers, schema: { tags, summary: '记录会议决定及后续任务', params: idParams, body: decisionInput, response: { 201: z.object({ id: z.number(), content: z.string(), voteId: z.number().nullable(), tasks: z.array(taskView) }) } } }, async (req, reply) =>
    reply.code(201).send(await deliberation.recordDecision(ctx, getActor(req), req.params.id, req.body)),
  );
  api.get(`${P}/tasks`, { config: anyone, schema: { tags, summary: '议事决定的后续任务', querystring: pageQuery.extend({ area: areaQ, status: z.enum(['open', 'done']).optional(), mine: z.coerce.boolean().optional() }), response: { 200: pageOf(taskView) } } }, async (req) =>
    deliberation.listTasks(ctx, getActor(req), req.query),
  );
  api.post(`${P}/tasks/:id/done`, { config: anyone, schema: { tags, summary: '完成后续任务', params: idParams, body: z.object({ version: z.number().int(), result: z.string().trim().min(1).max(2000) }), response: { 200: taskView } } }, async (req) =>
    deliberation.completeTask(ctx, getActor(req), req.params.id, req.body),
  );

  // ---------------------------------------------------------------------------------- 表决
  api.get(`${P}/votes`, { config: anyone, schema: { tags, summary: '表决列表', querystring: pageQuery.extend({ area: areaQ, status: z.enum(['open', 'closed']).optional() }), response: { 200: pageOf(voteView) } } }, async (req) =>
    voting.listVotes(ctx, getActor(req), req.query),
  );
  api.post(`${P}/votes`, { config: managers, schema: { tags, summary: '发起表决(选民名册取自实有人口或另行填写)', body: voteInput, response: { 201: voteView } } }, async (req, reply) =>
    reply.code(201).send(await voting.openVote(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/votes/:id`, { config: anyone, schema: { tags, summary: '表决详情与结果(含参与率)', params: idParams, response: { 200: voteView } } }, async (req) =>
    voting.getVote(ctx, getActor(req), req.params.id),
  );
  api.get(`${P}/votes/:id/electors`, { config: tellers, schema: { tags, summary: '选民名册与签到、投票情况', params: idParams, response: { 200: pageOf(electorView) } } }, async (req) =>
    voting.listElectors(ctx, getActor(req), req.params.id),
  );
  api.post(`${P}/votes/:id/attendance`, { config: tellers, schema: { tags, summary: '选民签到(到会)', params: idParams, body: attendanceInput, response: { 200: voteView } } }, async (req) =>
    voting.markAttendance(ctx, getActor(req), req.params.id, req.body),
  );
  api.post(`${P}/votes/:id/ballots`, { config: anyone, schema: { tags, summary: '本人投票(每人一票)', params: idParams, body: z.object({ choice: z.enum(CHOICES) }), response: { 200: voteView } } }, async (req) =>
    voting.castBallot(ctx, getActor(req), req.params.id, req.body.choice),
  );
  api.post(`${P}/votes/:id/paper-ballots`, { config: tellers, schema: { tags, summary: '录入纸质选票(待另一计票人确认)', params: idParams, body: z.object({ electorId: z.number().int().positive(), choice: z.enum(CHOICES) }), response: { 201: z.object({ ballotId: z.number(), status: z.string() }) } } }, async (req, reply) =>
    reply.code(201).send(await voting.enterPaperBallot(ctx, getActor(req), req.params.id, req.body)),
  );
  api.post(`${P}/votes/:id/paper-ballots/:ballotId/confirm`, { config: tellers, schema: { tags, summary: '第二计票人确认纸质选票', params: idParams.extend({ ballotId: z.coerce.number().int().positive() }), response: { 200: z.object({ ballotId: z.number(), status: z.string() }) } } }, async (req) =>
    voting.confirmPaperBallot(ctx, getActor(req), req.params.id, req.params.ballotId),
  );
  api.post(`${P}/votes/:id/close`, { config: managers, schema: { tags, summary: '结束表决并公布结果(须达到法定人数)', params: idParams, body: z.object({ version: z.number().int() }), response: { 200: voteView } } }, async (req) =>
    voting.closeVote(ctx, getActor(req), req.params.id, req.body.version),
  );

  // ---------------------------------------------------------------------------------- 四议两公开
  api.get(`${P}/four-step`, { config: anyone, schema: { tags, summary: '“四议两公开”事项列表', querystring: pageQuery.extend({ area: areaQ, status: z.enum(['in_progress', 'completed', 'failed']).optional() }), response: { 200: pageOf(procedureView) } } }, async (req) =>
    fourStep.listProcedures(ctx, getActor(req), req.query),
  );
  api.post(`${P}/four-step`, { config: managers, schema: { tags, summary: '启动“四议两公开”事项', body: procedureInput, response: { 201: procedureView } } }, async (req, reply) =>
    reply.code(201).send(await fourStep.startProcedure(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/four-step/:id`, { config: anyone, schema: { tags, summary: '“四议两公开”事项详情与各步记录', params: idParams, response: { 200: procedureDetail } } }, async (req) =>
    fourStep.getProcedure(ctx, getActor(req), req.params.id),
  );
  api.post(`${P}/four-step/:id/steps`, { config: managers, schema: { tags, summary: '登记下一步(不可跳步、不可颠倒)', params: idParams, body: stepInput, response: { 200: procedureDetail } } }, async (req) =>
    fourStep.recordStep(ctx, getActor(req), req.params.id, req.body),
  );

  // ---------------------------------------------------------------------------------- 三公开
  api.get(`${P}/disclosures`, { config: anyone, schema: { tags, summary: '三公开栏(党务、村务、财务)', querystring: pageQuery.extend({ area: areaQ, category: z.enum(CATEGORIES).optional(), all: z.coerce.boolean().optional() }), response: { 200: pageOf(postView) } } }, async (req) =>
    disclosure.listPosts(ctx, getActor(req), req.query),
  );
  api.post(`${P}/disclosures`, { config: managers, schema: { tags, summary: '发布公开事项', body: postInput, response: { 201: postView } } }, async (req, reply) =>
    reply.code(201).send(await disclosure.publishPost(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/disclosures/overdue`, { config: managers, schema: { tags, summary: '各村公开逾期情况(财务按月、村务按季)', querystring: z.object({ area: areaQ, onlyOverdue: z.coerce.boolean().optional() }), response: { 200: pageOf(overdueView) } } }, async (req) =>
    disclosure.overdueByVillage(ctx, getActor(req), req.query),
  );
  api.get(`${P}/disclosures/:id`, { config: anyone, schema: { tags, summary: '公开事项详情与群众留言', params: idParams, response: { 200: postDetail } } }, async (req) =>
    disclosure.getPost(ctx, getActor(req), req.params.id),
  );
  api.post(`${P}/disclosures/:id/withdraw`, { config: managers, schema: { tags, summary: '撤回公开事项', params: idParams, body: z.object({ version: z.number().int() }), response: { 200: postView } } }, async (req) =>
    disclosure.withdrawPost(ctx, getActor(req), req.params.id, req.body.version),
  );
  api.post(`${P}/disclosures/:id/comments`, { config: anyone, schema: { tags, summary: '留言或提出疑问(基层监督)', params: idParams, body: z.object({ kind: z.enum(['comment', 'question']).default('comment'), body: z.string().trim().min(1).max(2000) }), response: { 201: postCommentView } } }, async (req, reply) =>
    reply.code(201).send(await disclosure.commentPost(ctx, getActor(req), req.params.id, req.body)),
  );
  api.post(`${P}/disclosure-comments/:id/answer`, { config: managers, schema: { tags, summary: '答复群众留言', params: idParams, body: z.object({ answer: z.string().trim().min(1).max(4000) }), response: { 200: postCommentView } } }, async (req) =>
    disclosure.answerComment(ctx, getActor(req), req.params.id, req.body.answer),
  );

  // ---------------------------------------------------------------------------------- 双报到
  api.get(`${P}/volunteers`, { config: anyone, schema: { tags, summary: '双报到单位与党员(资源清单)', querystring: pageQuery.extend({ area: areaQ, kind: z.enum(['unit', 'party_member']).optional(), mine: z.coerce.boolean().optional() }), response: { 200: pageOf(registrationView) } } }, async (req) =>
    volunteers.listRegistrations(ctx, getActor(req), req.query),
  );
  api.post(`${P}/volunteers`, { config: { access: { roles: [...MANAGER_ROLES, 'party_member'] } }, schema: { tags, summary: '到社区报到(党员本人或登记单位)', body: registrationInput, response: { 201: registrationView } } }, async (req, reply) =>
    reply.code(201).send(await volunteers.register(ctx, getActor(req), req.body)),
  );
  api.post(`${P}/volunteer-hours`, { config: managers, schema: { tags, summary: '登记志愿服务时长', body: hoursInput, response: { 201: z.object({ id: z.number(), registrationId: z.number(), hours: z.number() }) } } }, async (req, reply) =>
    reply.code(201).send(await volunteers.recordHours(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/volunteer-hours`, { config: anyone, schema: { tags, summary: '志愿服务时长(按人汇总)', querystring: z.object({ area: areaQ, from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }), response: { 200: pageOf(z.object({ registrationId: z.number().nullable(), name: z.string(), hours: z.number(), times: z.number() })) } } }, async (req) =>
    volunteers.hoursSummary(ctx, getActor(req), req.query),
  );
  api.post(`${P}/errands`, { config: { access: { roles: ['grid_worker'] } }, schema: { tags, summary: '登记帮办代办', body: errandInput, response: { 201: z.object({ id: z.number(), areaCode: z.string(), matter: z.string(), doneOn: z.string() }) } } }, async (req, reply) =>
    reply.code(201).send(await volunteers.recordErrand(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/errands/counts`, { config: { access: { permission: 'case:read' } }, schema: { tags, summary: '帮办代办件数(按网格员)', querystring: z.object({ area: areaQ, from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }), response: { 200: pageOf(z.object({ workerUserId: z.number(), workerName: z.string(), count: z.number() })) } } }, async (req) =>
    volunteers.errandCounts(ctx, getActor(req), req.query),
  );
  api.get(`${P}/commendations`, { config: anyone, schema: { tags, summary: '平安之星、诚信户、最美家庭', querystring: pageQuery.extend({ area: areaQ, kind: z.enum(['平安之星', '诚信户', '最美家庭']).optional(), year: z.coerce.number().int().optional() }), response: { 200: pageOf(z.object({ id: z.number(), areaCode: z.string(), kind: z.string(), name: z.string(), year: z.number(), reason: z.string(), createdAt: z.string() })) } } }, async (req) =>
    volunteers.listCommendations(ctx, getActor(req), req.query),
  );
  api.post(`${P}/commendations`, { config: managers, schema: { tags, summary: '登记表彰(平安之星、诚信户、最美家庭)', body: commendationInput, response: { 201: z.object({ id: z.number(), areaCode: z.string(), kind: z.string(), name: z.string(), year: z.number(), reason: z.string(), createdAt: z.string() }) } } }, async (req, reply) =>
    reply.code(201).send(await volunteers.recordCommendation(ctx, getActor(req), req.body)),
  );

  // ---------------------------------------------------------------------------------- 政策法规
  const kq = pageQuery.extend({ q: z.string().trim().max(100).optional(), kind: z.enum(KNOWLEDGE_KINDS).optional() });
  const policyManagers: { access: RouteAccess } = { access: { roles: ['admin', 'center_staff'] } };
  api.get(`${P}/knowledge`, { config: anyone, schema: { tags, summary: '政策法规与村规民约(检索)', querystring: kq.extend({ status: z.enum(['published', 'draft', 'archived']).optional() }), response: { 200: pageOf(knowledgeView) } } }, async (req) =>
    knowledge.searchConsole(ctx, getActor(req), req.query),
  );
  api.post(`${P}/knowledge`, { config: policyManagers, schema: { tags, summary: '新增政策法规或村规民约', body: knowledgeInput, response: { 201: knowledgeDetail } } }, async (req, reply) =>
    reply.code(201).send(await knowledge.createDoc(ctx, getActor(req), req.body)),
  );
  api.get(`${P}/knowledge/:id`, { config: anyone, schema: { tags, summary: '政策法规详情', params: idParams, response: { 200: knowledgeDetail } } }, async (req) =>
    knowledge.getDoc(ctx, getActor(req), req.params.id),
  );
  api.patch(`${P}/knowledge/:id`, { config: policyManagers, schema: { tags, summary: '修改政策法规', params: idParams, body: knowledgePatch, response: { 200: knowledgeDetail } } }, async (req) =>
    knowledge.updateDoc(ctx, getActor(req), req.params.id, req.body),
  );
  api.delete(`${P}/knowledge/:id`, { config: policyManagers, schema: { tags, summary: '下架政策法规(保留记录)', params: idParams, response: { 200: okView } } }, async (req) =>
    knowledge.archiveDoc(ctx, getActor(req), req.params.id),
  );
  const publicTags = ['public'];
  api.get('/api/public/knowledge', { config: { access: 'public' }, schema: { tags: publicTags, summary: '政策法规随时知(群众端检索，无需登录)', querystring: kq.extend({ area: areaQ }), response: { 200: pageOf(knowledgeView) } } }, async (req) =>
    knowledge.searchPublic(ctx, req.query),
  );
  api.get('/api/public/knowledge/:id', { config: { access: 'public' }, schema: { tags: publicTags, summary: '政策法规全文(群众端)', params: idParams, response: { 200: knowledgeDetail } } }, async (req) =>
    knowledge.getPublic(ctx, req.params.id),
  );
}
