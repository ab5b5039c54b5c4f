import { ConflictException, ForbiddenException, UnprocessableEntityException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { answerOne } from './record-case-events.http.controller';

function reply() {
  const status = { code: 0 };
  return { status: status, reply: { status: (code: number) => ((status.code = code), {} as FastifyReply) } };
}

describe('the answer to one event', () => {
  it('is 201 for stored and 200 for a duplicate, with the result as body', () => {
    const stored = reply();
    expect(answerOne({ eventId: 'e', status: 'stored', position: 7 }, stored.reply)).toEqual({
      eventId: 'e',
      status: 'stored',
      position: 7,
    });
    expect(stored.status.code).toBe(201);
    const duplicate = reply();
    answerOne({ eventId: 'e', status: 'duplicate', position: 7 }, duplicate.reply);
    expect(duplicate.status.code).toBe(200);
  });

  it('is 422 for a broken rule, keeping eventId, status and errors in the body', () => {
    const errors = [{ field: 'data.decisionId', rule: 'mustExist', message: 'data.decisionId must name a decision of this case' }];
    try {
      answerOne({ eventId: 'e', status: 'rejected', errors }, reply().reply);
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(UnprocessableEntityException);
      expect((error as UnprocessableEntityException).getResponse()).toMatchObject({
        eventId: 'e',
        status: 'rejected',
        errors,
        message: errors[0]!.message,
      });
    }
  });

  it('is 403 for another kommune and 409 for a case that kept changing concurrently', () => {
    expect(() =>
      answerOne(
        { eventId: 'e', status: 'rejected', errors: [{ field: 'kommune', rule: 'forbidden', message: 'kommune must be ...' }] },
        reply().reply,
      ),
    ).toThrow(ForbiddenException);
    expect(() =>
      answerOne(
        { eventId: 'e', status: 'rejected', errors: [{ field: 'caseId', rule: 'concurrentChange', message: 'caseId names a case ...' }] },
        reply().reply,
      ),
    ).toThrow(ConflictException);
  });
});
